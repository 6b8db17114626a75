import ConcordCLI

await ConcordMain.run()
