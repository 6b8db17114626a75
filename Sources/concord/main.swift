import ConcordCLI

ConcordMain.prepare()
await ConcordMain.run()
