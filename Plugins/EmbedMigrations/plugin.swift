import Foundation
import PackagePlugin

/// Embeds the migration files of `sql/` (the one schema source) into the target as Swift source.
@main
struct EmbedMigrations: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let directory = context.package.directoryURL.appending(path: "sql")
        return [try embedCommand(context: context, directory: directory, suffix: ".sql", typeName: "EmbeddedMigrations")]
    }
}
