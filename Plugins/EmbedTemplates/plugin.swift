import Foundation
import PackagePlugin

/// Embeds the Mustache templates of the target's `Templates/` folder into the target as Swift source.
@main
struct EmbedTemplates: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let directory = target.directoryURL.appending(path: "Templates")
        return [try embedCommand(context: context, directory: directory, suffix: ".mustache", typeName: "EmbeddedTemplates")]
    }
}
