import Foundation
import PackagePlugin

/// Embeds the target's data folders into the target as Swift source, so that the binary runs from any directory:
/// `Templates/*.mustache` as `EmbeddedTemplates`, `Assets/*` as `EmbeddedAssets` (stylesheets, scripts) and
/// `Resources/*` as `EmbeddedResources` (the OpenAPI document). A folder the target does not have is skipped.
@main
struct EmbedFolders: BuildToolPlugin {
    static let folders: [(name: String, suffix: String, typeName: String)] = [
        ("Templates", ".mustache", "EmbeddedTemplates"),
        ("Assets", "", "EmbeddedAssets"),
        ("Resources", "", "EmbeddedResources"),
    ]

    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        return try Self.folders.compactMap { folder in
            let directory = target.directoryURL.appending(path: folder.name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory.path(percentEncoded: false), isDirectory: &isDirectory),
                isDirectory.boolValue
            else { return nil }
            return try embedCommand(context: context, directory: directory, suffix: folder.suffix, typeName: folder.typeName)
        }
    }
}
