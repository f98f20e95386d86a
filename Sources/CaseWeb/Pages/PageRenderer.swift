import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging
import Mustache
import NIOCore

/// The page templates, carried inside the binary (`Templates/*.mustache`, embedded at build time by the
/// `EmbedTemplates` plugin) so that `tthc serve` runs from any directory.
///
/// Templates escape every `{{value}}` for HTML; `{{{…}}}` is used only for markup the server itself produced
/// (the SVG charts, built from numbers and escaped labels), never for a value a user typed.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    /// Templates that failed to parse, with the parser's message (a test asserts there are none).
    let brokenTemplates: [String: String]
    /// Static files (`Assets/`: `app.css`, `print.css`, `app.js`) by name, served verbatim.
    let assets: [String: String]

    init() {
        var library = MustacheLibrary()
        var broken: [String: String] = [:]
        var assets: [String: String] = [:]
        for file in EmbeddedAssets.files {
            assets[file.name] = file.text
        }
        for file in EmbeddedTemplates.files {
            let name = String(file.name.dropLast(".mustache".count))
            do {
                try library.register(file.text, named: name)
            } catch {
                broken[name] = "\(error)"
            }
        }
        self.library = library
        self.brokenTemplates = broken
        self.assets = assets
    }

    var templateNames: [String] {
        EmbeddedTemplates.files.map { String($0.name.dropLast(".mustache".count)) }
    }

    /// Renders `template` with `page` as an HTML response. Pages are never cached: most show personal data.
    func response(_ template: String, _ page: Any, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) throws -> Response {
        guard let html = library.render(page, withTemplate: template) else {
            throw WebError.internalError("template \(template) is missing or broken: \(brokenTemplates[template] ?? "not embedded")")
        }
        var headers = extra
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A static asset, or nil.
    func asset(_ name: String) -> Response? {
        guard let text = assets[name] else { return nil }
        let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8"
        return Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text))
        )
    }
}
