import CaseAPI
import CaseDomain
import Foundation

/// What the layout of every page shows around its content: the title, the navigation for the visitor's role, the
/// signed-in user with the sign-out form, and an optional notice. `content` is the page's own view model.
///
/// Mustache looks a missing or nil key up in the enclosing objects, so view-model keys are kept distinct between
/// levels (a row never has a key named like one of the page's).
struct Page<Content> {
    var title: String
    var visitor: Visitor?
    var nav: [NavLink]
    var notice: Notice?
    var content: Content

    struct Visitor {
        var name: String
        var roleLabel: String
        var csrf: String
    }

    struct NavLink {
        var href: String
        var label: String
        var current: Bool
    }

    struct Notice {
        /// `ok` or `error` (the CSS class).
        var kind: String
        /// `status` for a confirmation, `alert` for an error (read out at once by screen readers).
        var role: String
        var text: String
        var english: String?

        static func ok(_ text: String, _ english: String? = nil) -> Notice {
            Notice(kind: "ok", role: "status", text: text, english: english)
        }

        static func error(_ text: String, _ english: String? = nil) -> Notice {
            Notice(kind: "error", role: "alert", text: text, english: english)
        }
    }

    init(_ title: String, session: WebSession?, current: String? = nil, notice: Notice? = nil, content: Content) {
        self.title = title
        self.visitor = session.map { Visitor(name: $0.principal.name, roleLabel: $0.principal.role.vietnameseLabel, csrf: $0.csrfToken) }
        self.nav = WebNavigation.links(for: session?.principal.role).map { NavLink(href: $0.0, label: $0.1, current: $0.0 == current) }
        self.notice = notice
        self.content = content
    }
}

/// The navigation of each role.
enum WebNavigation {
    static func links(for role: Role?) -> [(String, String)] {
        let lookup = ("/tra-cuu", "Tra cứu hồ sơ")
        switch role {
        case nil: return [lookup, ("/dang-nhap", "Đăng nhập")]
        case .clerk?: return [("/ho-so", "Danh sách hồ sơ"), ("/ho-so/moi", "Tiếp nhận hồ sơ"), lookup]
        case .officer?: return [("/ho-so", "Danh sách hồ sơ"), lookup]
        case .locality?: return [("/ho-so", "Hồ sơ của địa phương"), ("/ho-so/moi", "Nộp hồ sơ"), lookup]
        case .leader?: return [("/bang-dieu-khien", "Bảng điều khiển"), lookup]
        case .admin?: return [("/ho-so", "Danh sách hồ sơ"), ("/ho-so/moi", "Tiếp nhận hồ sơ"), ("/bang-dieu-khien", "Bảng điều khiển"), lookup]
        }
    }

    /// Where a role starts after signing in.
    static func home(for role: Role) -> String {
        role == .leader ? "/bang-dieu-khien" : "/ho-so"
    }
}

/// A page with nothing of its own but a message (errors, confirmations).
struct MessageContent {
    var heading: String
    var headingEnglish: String
    var message: String
    var messageEnglish: String
    var reference: String?
    var linkHref: String
    var linkLabel: String
}
