import Catalog
import Enrollment
import Foundation
import GRDB
import Model
import Storage
import Testing

/// Course and enrolment imports: all or nothing, every bad row by line.
@Suite struct ImportTests {
    static let courseHeader = "code,title,institution,level,capacity,fee,starts_on,ends_on,class_hours\n"

    @Test func coursesImportWithDefaultsAndEveryBadLineIsReported() throws {
        let f = try Fixture()
        let good = Self.courseHeader + "C2,四级班,HZ-T1,4,20,1600.50,2025-04-01,2025-06-30,\n"
            + "C3,三级班,HZ-T1,3,20,2400,2025-04-01,2025-06-30,90\n"
        #expect(try f.store.importCourses(try f.document(good), dryRun: false).created == 2)
        let views = try f.store.courses(institution: "HZ-T1")
        #expect(views.map(\.code) == ["C1", "C2", "C3"])
        #expect(views[1].classHours == 120 && views[1].feeFen == Fen(160_050) && views[2].classHours == 90)

        let before = try f.counts()
        let bad = Self.courseHeader + "C4,ok,HZ-T1,4,20,0,2025-04-01,2025-06-30,\n"
            + "C5,x,ZJ-E1,4,20,0,2025-04-01,2025-06-30,\n" + "C6,x,HZ-T1,2,20,0,2025-04-01,2025-06-30,\n"
            + "C4,x,HZ-T1,4,20,0,2025-04-01,2025-06-30,\n" + "C7,x,HZ-T1,4,20,1.234,2025-04-01,2025-06-30,\n"
            + "C1,x,HZ-T1,4,20,0,2025-04-01,2025-03-30,\n"
        #expect {
            try f.store.importCourses(try f.document(bad), dryRun: false)
        } throws: { error in
            let lines = (error as? ConcordError)?.details.map { String($0.prefix(7)) }
            return lines == ["line 3:", "line 4:", "line 5:", "line 6:", "line 7:"]
        }
        #expect(try f.counts() == before)
    }

    @Test func enrolmentImportStopsAtAFullCourseAndWritesNothing() throws {
        let f = try Fixture(capacity: 3)
        let before = try f.counts()
        let csv = "course,resident_id,enrolled_on,subsidised_training\n"
            + (0..<4).map { "C1,\(Fixture.id($0)),2025-02-20,\($0 == 0 ? "yes" : "")" }.joined(separator: "\n")
        #expect {
            try f.store.importEnrolments(try f.document(csv), dryRun: false, today: Fixture.day("2025-02-20"))
        } throws: { error in
            (error as? ConcordError)?.details == ["line 5: course C1 is full (3 of 3 places taken)"]
        }
        #expect(try f.counts() == before)
        let three = csv.split(separator: "\n").dropLast().joined(separator: "\n")
        let result = try f.store.importEnrolments(
            try f.document(three), dryRun: false, today: Fixture.day("2025-02-20"))
        #expect(result.summary.created == 3 && result.warnings.isEmpty)
        #expect(try f.store.enrolments(course: "C1").filter(\.subsidisedTraining).count == 1)
    }
}
