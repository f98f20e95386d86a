// Reads the numbered migration files of `sql/` and writes them as one Swift source file,
// so that the `tthc` binary carries its schema and runs from any working directory.
//
// usage: embed-sql OUTPUT.swift INPUT.sql...
import Foundation

let arguments = CommandLine.arguments.dropFirst()
guard let output = arguments.first else {
    FileHandle.standardError.write(Data("usage: embed-sql OUTPUT.swift INPUT.sql...\n".utf8))
    exit(64)
}
let inputs = arguments.dropFirst().sorted { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }

var source = """
    // Generated at build time from sql/*.sql by the EmbedMigrations plugin. Do not edit.

    enum EmbeddedMigrations {
        static let files: [(name: String, sql: String)] = [

    """
for path in inputs {
    let name = (path as NSString).lastPathComponent
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // A raw string delimited by enough '#' that no sequence inside the file can close it.
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    source += "        (\(String(reflecting: name)), \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)
