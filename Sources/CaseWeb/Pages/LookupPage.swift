import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// `GET /tra-cuu` and `/tra-cuu?ma=CODE`: the public look-up of a dossier by its code — the same masked view and the
/// same per-address rate limit as `GET /api/v1/public/dossiers/{code}` (the limiter is shared).
extension WebInterface {
    struct LookupContent {
        var query: String
        var searched: Bool
        var found: FoundDossier?
        var missing: Bool
        var malformed: Bool
    }

    struct FoundDossier {
        var foundCode: String
        var procedureName: String
        var agencyName: String
        var applicantMasked: String
        var statusLabel: String
        var statusEnglish: String
        var receivedText: String
        var dueText: String
        var apologyDueText: String?
        var paused: Bool
        var resultReady: Bool
        var returnedText: String?
    }

    func addLookupRoutes(to pages: RouterGroup<WebRequestContext>) {
        pages.get("tra-cuu") { request, context in try await lookupPage(request, context: context) }
    }

    func lookupPage(_ request: Request, context: WebRequestContext) async throws -> Response {
        let query = (request.uri.queryParameters.get("ma") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var content = LookupContent(query: query, searched: !query.isEmpty, found: nil, missing: false, malformed: false)
        var status = HTTPResponse.Status.ok
        if !query.isEmpty {
            guard publicLimiter.allow(context.remoteAddress ?? "unknown") else {
                throw WebError(
                    .tooManyRequests,
                    "Quá nhiều yêu cầu tra cứu. Vui lòng thử lại sau một phút.",
                    "Too many look-ups. Please try again in a minute."
                )
            }
            if query.count > 80 || DossierCode(query) == nil {
                content.malformed = true
                status = .badRequest
            } else if let dossier = try await dossiers.publicLookup(code: query) {
                content.found = FoundDossier(
                    foundCode: dossier.code,
                    procedureName: dossier.procedureName,
                    agencyName: dossier.agencyName,
                    applicantMasked: dossier.applicantMaskedName,
                    statusLabel: dossier.status.vietnameseLabel,
                    statusEnglish: dossier.status.englishLabel,
                    receivedText: WebFormat.moment(dossier.receivedAt),
                    dueText: WebFormat.moment(dossier.due),
                    apologyDueText: dossier.apologyNewDue.map(WebFormat.moment),
                    paused: dossier.paused,
                    resultReady: dossier.resultReady && !dossier.returned,
                    returnedText: dossier.returnedAt.map(WebFormat.moment)
                )
            } else {
                content.missing = true
                status = .notFound
            }
        }
        return try renderer.response("lookup", Page("Tra cứu hồ sơ", session: context.session, current: "/tra-cuu", content: content), status: status)
    }
}
