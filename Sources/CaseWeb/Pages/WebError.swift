import CaseAPI
import CaseDomain
import Foundation
import Hummingbird
import Logging

/// A failure of a page request, shown as an HTML page (or, for a visitor who must sign in, a redirect).
struct WebError: Error, Sendable {
    var status: HTTPResponse.Status
    var message: BilingualMessage
    /// Set for redirects (303 See Other).
    var location: String?
    /// For the log only, never shown.
    var detail: String?

    init(_ status: HTTPResponse.Status, _ vietnamese: String, _ english: String, location: String? = nil, detail: String? = nil) {
        self.status = status
        self.message = BilingualMessage(vietnamese: vietnamese, english: english)
        self.location = location
        self.detail = detail
    }

    static func signInRequired(returnTo path: String) -> WebError {
        WebError(
            .seeOther,
            "Vui lòng đăng nhập.",
            "Please sign in.",
            location: "/dang-nhap?tiep=" + WebFormat.queryEscaped(path)
        )
    }

    static let forbidden = WebError(
        .forbidden,
        "Vai trò của bạn không được phép xem trang này hoặc thực hiện thao tác này.",
        "Your role is not allowed to see this page or do this."
    )

    /// A form without the session's CSRF token (or with a wrong one): nothing was done.
    static let csrfRejected = WebError(
        .forbidden,
        "Biểu mẫu không hợp lệ hoặc đã hết hạn, nên chưa có gì được ghi lại. Vui lòng tải lại trang rồi thử lại.",
        "The form is invalid or has expired, so nothing was recorded. Please reload the page and try again."
    )

    static func notFound(_ vietnamese: String = "Không tìm thấy trang này.", _ english: String = "Page not found.") -> WebError {
        WebError(.notFound, vietnamese, english)
    }

    static func internalError(_ detail: String) -> WebError {
        WebError(.internalServerError, "Lỗi hệ thống.", "Internal error.", detail: detail)
    }
}

/// Turns errors of page handlers into HTML pages in the site's layout: redirects for sign-in, 403/404/409/422 pages
/// with the domain's bilingual messages, and for anything unexpected a 500 page with an opaque id whose details go
/// to the log only.
struct WebErrorPages: Sendable {
    let renderer: PageRenderer
    /// The storage layer's failures that mean something to a visitor (a lost database is a 503).
    let translate: @Sendable (any Error) -> StoreError?

    func page(for error: any Error, context: WebRequestContext) throws -> Response {
        let problem = Self.webError(from: error, translate: translate)
        if let location = problem.location {
            return Response(status: problem.status, headers: [.location: location, .cacheControl: "no-store"])
        }
        var reference: String?
        if problem.status == .internalServerError {
            let id = UUID().uuidString.prefix(8).lowercased()
            reference = "Mã lỗi / error id: \(id)"
            context.logger.error("page failed", metadata: ["error_id": "\(id)", "error": "\(problem.detail ?? String(reflecting: error))"])
        }
        let heading: (String, String) =
            switch problem.status {
            case .forbidden: ("Không được phép", "Forbidden")
            case .notFound: ("Không tìm thấy", "Not found")
            case .conflict: ("Không thực hiện được", "Conflict")
            case .tooManyRequests: ("Quá nhiều yêu cầu", "Too many requests")
            case .serviceUnavailable: ("Tạm thời không phục vụ được", "Temporarily unavailable")
            case .internalServerError: ("Lỗi hệ thống", "Internal error")
            default: ("Yêu cầu không hợp lệ", "Invalid request")
            }
        let home = context.principal.map { WebNavigation.home(for: $0.role) } ?? "/tra-cuu"
        let content = MessageContent(
            heading: heading.0,
            headingEnglish: heading.1,
            message: problem.message.vietnamese,
            messageEnglish: problem.message.english,
            reference: reference,
            linkHref: home,
            linkLabel: "Về trang chính"
        )
        var headers: HTTPFields = [:]
        if problem.status == .serviceUnavailable || problem.status == .tooManyRequests { headers[.retryAfter] = "60" }
        return try renderer.response("message", Page(heading.0, session: context.session, content: content), status: problem.status, headers: headers)
    }

    static func webError(from error: any Error, translate: (any Error) -> StoreError?) -> WebError {
        switch error {
        case let error as WebError:
            return error
        case let error as StoreError:
            return webError(from: APIError.from(error))
        case let error as APIError:
            return webError(from: error)
        case let error as HTTPError:
            switch error.status {
            case .notFound: return .notFound()
            case .contentTooLarge: return WebError(.contentTooLarge, "Nội dung gửi lên quá lớn.", "The submitted content is too large.")
            default:
                return WebError(error.status, "Yêu cầu không hợp lệ.", "Invalid request.", detail: error.body)
            }
        default:
            if let mapped = translate(error) { return webError(from: APIError.from(mapped)) }
            return .internalError(String(reflecting: error))
        }
    }

    static func webError(from error: APIError) -> WebError {
        WebError(error.status, error.message.vietnamese, error.message.english)
    }
}
