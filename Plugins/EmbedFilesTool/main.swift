// Writes text files into one Swift source file as an array of (name, text), so that the `tthc` binary carries its
// schema and its page templates and runs from any working directory.
//
// usage: embed-files OUTPUT.swift TYPE_NAME DIRECTORY SUFFIX
//
// The files are listed here, when the command runs, not when the plugin plans the build: SwiftPM may reuse a build
// plan, and a file added to the directory (a new migration) would then be missed; the directory itself is an input
// of the command, so adding a file runs the command again.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: embed-files OUTPUT.swift TYPE_NAME DIRECTORY SUFFIX\n".utf8))
    exit(64)
}
let output = arguments[0]
let typeName = arguments[1]
let directory = arguments[2]
let suffix = arguments[3]
let inputs = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
    .map { (directory as NSString).appendingPathComponent($0) }

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
