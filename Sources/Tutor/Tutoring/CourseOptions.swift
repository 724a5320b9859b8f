import ArgumentParser
import Lessons

/// `--lessons DIR` (repeatable): a teacher's course folders, listed beside the built-in
/// lessons (as are those in `ATTN_TUTOR_LESSONS=DIR:DIR`).
struct CourseOptions: ParsableArguments {
    @Option(name: .customLong("lessons"), help: ArgumentHelp(
        "A folder of lessons to add beside the built-in ones (repeatable; ATTN_TUTOR_LESSONS=DIR:DIR adds them too).",
        valueName: "DIR"))
    var folders: [String] = []

    /// The built-in lessons and every course folder named.
    func catalog() throws(CatalogError) -> Catalog { try Catalog.load(courses: folders) }
}
