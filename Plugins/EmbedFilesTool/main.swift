// Writes text files into one Swift source file as an array of (name, text), so that the `tthc` binary carries its
// schema and its page templates and runs from any working directory.
//
// usage: embed-files OUTPUT.swift TYPE_NAME INPUT...
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: embed-files OUTPUT.swift TYPE_NAME INPUT...\n".utf8))
    exit(64)
}
let output = arguments[0]
let typeName = arguments[1]
let inputs = arguments.dropFirst(2).sorted { ($0 as NSString).lastPathComponent < ($1 as NSString).lastPathComponent }

var source = """
    // Generated at build time by the package's embedding plugin. Do not edit.

    enum \(typeName) {
        static let files: [(name: String, text: String)] = [

    """
for path in inputs {
    let name = (path as NSString).lastPathComponent
    let text = try String(contentsOfFile: path, encoding: .utf8)
    // A raw string delimited by enough '#' that nothing inside the file can close it.
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    source += "        (\(String(reflecting: name)), \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
try source.write(toFile: output, atomically: true, encoding: .utf8)
