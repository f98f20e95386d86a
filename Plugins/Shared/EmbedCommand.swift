import Foundation
import PackagePlugin

/// A build command that embeds every `*suffix` file of `directory` as `typeName.files`.
func embedCommand(context: PluginContext, directory: URL, suffix: String, typeName: String) throws -> Command {
    let path = directory.path(percentEncoded: false)
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
    let inputs = names.map { directory.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "\(typeName).swift")
    return .buildCommand(
        displayName: "Embedding \(inputs.count) files as \(typeName)",
        executable: try context.tool(named: "embed-files").url,
        arguments: [output.path(percentEncoded: false), typeName, path, suffix],
        inputFiles: inputs + [directory],
        outputFiles: [output]
    )
}
