import Foundation
import PackagePlugin

/// Embeds the scoring rubrics of `rubrics/` (versioned JSON files) into the target as Swift source, so the binary
/// loads them into the database from any working directory.
@main
struct EmbedRubrics: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "rubrics")
        return [try embedCommand(context: context, directory: directory, suffix: ".json", typeName: "EmbeddedRubrics")]
    }
}
