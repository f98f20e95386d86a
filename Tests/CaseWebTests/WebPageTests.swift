import CaseAPI
import CaseDomain
import CaseStore
import CaseTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Postgres
import Synchronization
import Testing

@testable import CaseWeb

@Suite("Web interface: sessions, CSRF, escaping, headers and roles, against a real database")
struct WebPageTests {
    static let hostileName = #"<script>alert("x")</script><img src=x onerror=alert(1)> Lê "Văn" & 'An'"#

    // MARK: Sign-in and sign-out

    @Test("signing in opens a server-side session with an HttpOnly, SameSite=Lax cookie; signing out ends it")
    func signInAndOut() async throws {
        try await WebFixture.withBrowser("web-signin") { browser, fixture in
            let form = try await browser.get("/dang-nhap")
            #expect(form.status == .ok)
            #expect(form.text.contains("Đăng nhập"))
            let signIn = try await browser.signIn("clerk")
            #expect(signIn.status == .seeOther)
            #expect(signIn.location == "/ho-so")
            let cookie = try #require(signIn.setCookies.first { $0.hasPrefix("tthc_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 1)
            // The table holds the SHA-256 of the cookie value, never the value itself.
            let value = try #require(browser.cookies["tthc_session"])
            let stored: PostgresQuery = "SELECT count(*)::int FROM web_session WHERE id_hash = sha256(convert_to(\(value), 'UTF8'))"
            #expect(try await WebFixture.count(fixture, stored) == 1)

            let list = try await browser.get("/ho-so")
            #expect(list.status == .ok)
            #expect(list.text.contains("Danh sách hồ sơ"))
            #expect(list.text.contains("clerk · Cán bộ một cửa"))

            let signOut = try await browser.post("/dang-xuat", [("_csrf", list.csrf ?? "")])
            #expect(signOut.status == .seeOther)
            #expect(signOut.location == "/dang-nhap?da-dang-xuat=1")
            #expect(signOut.setCookies.contains { $0.hasPrefix("tthc_session=;") && $0.contains("Max-Age=0") })
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 0)
            let after = try await browser.get("/ho-so")
            #expect(after.status == .seeOther)
            #expect(after.location == "/dang-nhap?tiep=/ho-so")
            // The old cookie no longer works even if a browser kept it.
            browser.setCookie("tthc_session", value)
            #expect(try await browser.get("/ho-so").status == .seeOther)
        }
    }

    @Test("a wrong password is refused without a session; after three failures the next try must wait, even with the right password")
    func wrongPasswordAndGrowingDelay() async throws {
        try await WebFixture.withBrowser("web-throttle") { browser, fixture in
            for attempt in 1...3 {
                let reply = try await browser.signIn("clerk", password: "sai-mat-khau-\(attempt)")
                #expect(reply.status == .unprocessableContent)
                #expect(reply.text.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
                #expect(!reply.setCookies.contains { $0.hasPrefix("tthc_session=") && !$0.hasPrefix("tthc_session=;") })
            }
            let waiting = try await browser.signIn("clerk")
            #expect(waiting.status == .tooManyRequests)
            #expect(waiting.headers[.retryAfter] == "2")
            #expect(waiting.text.contains("Vui lòng chờ 2 giây"))
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 0)
            // Another user from the same address is not held up by the first user's failures.
            #expect(try await Browser(client: browser.client).signIn("officer").status == .seeOther)

            fixture.clock.set("2026-03-02T09:00:03+07:00")
            let fourth = try await browser.signIn("clerk", password: "sai-mat-khau-4")
            #expect(fourth.status == .unprocessableContent)
            // The delay doubles with every further failure: 2 s after three, 4 s after four.
            fixture.clock.set("2026-03-02T09:00:06+07:00")
            #expect(try await browser.signIn("clerk").status == .tooManyRequests)
            fixture.clock.set("2026-03-02T09:00:08+07:00")
            let signedIn = try await browser.signIn("clerk")
            #expect(signedIn.status == .seeOther)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 2)
        }
    }

    @Test("the sign-in form is refused without its token (login CSRF), and a revoked user cannot sign in")
    func signInNeedsItsToken() async throws {
        try await WebFixture.withBrowser("web-signin-csrf") { browser, fixture in
            let reply = try await browser.post("/dang-nhap", [("ten", "clerk"), ("mat-khau", WebFixture.password)])
            #expect(reply.status == .forbidden)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 0)
            try await UserStore(database: fixture.database).revoke(userName: "officer")
            #expect(try await browser.signIn("officer").status == .unprocessableContent)
        }
    }

    @Test("behind a TLS proxy (X-Forwarded-Proto: https) the session cookie is Secure")
    func secureCookieBehindTLS() async throws {
        try await WebFixture.withBrowser("web-secure") { browser, _ in
            let reply = try await browser.signIn("clerk", headers: [.xForwardedProto: "https"])
            #expect(reply.status == .seeOther)
            let cookie = try #require(reply.setCookies.first { $0.hasPrefix("tthc_session=") })
            #expect(cookie.contains("Secure"))
        }
    }

    @Test("a session expires: after its lifetime the cookie leads back to the sign-in page, which says so")
    func sessionExpiry() async throws {
        try await WebFixture.withBrowser("web-expiry") { browser, fixture in
            try await browser.signIn("clerk")
            #expect(try await browser.get("/ho-so").status == .ok)
            fixture.clock.set("2026-03-02T18:59:00+07:00")
            #expect(try await browser.get("/ho-so").status == .ok)
            fixture.clock.set("2026-03-02T19:00:01+07:00")
            let expired = try await browser.get("/ho-so")
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/dang-nhap?tiep=/ho-so")
            let page = try await browser.get("/dang-nhap?tiep=/ho-so")
            #expect(page.text.contains("Phiên làm việc đã hết hạn"))
            let again = try await browser.signIn("clerk")
            #expect(again.status == .seeOther)
            // The expired row is removed when the user signs in again.
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 1)
        }
    }

    // MARK: CSRF

    @Test("a form posted without the session's CSRF token is refused with 403 and writes nothing")
    func csrfRefusal() async throws {
        try await WebFixture.withBrowser("web-csrf") { browser, fixture in
            try await browser.signIn("clerk")
            let form = try await browser.get("/ho-so/moi?thu-tuc=1.012222")
            let token = try #require(form.csrf)
            for fields in [
                Browser.registration(csrf: "").filter { $0.0 != "_csrf" },
                Browser.registration(csrf: (token.first == "x" ? "y" : "x") + token.dropFirst()),
                Browser.registration(csrf: ""),
            ] {
                let reply = try await browser.post("/ho-so", fields)
                #expect(reply.status == .forbidden)
                #expect(reply.text.contains("chưa có gì được ghi lại"))
            }
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM dossier") == 0)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM case_event") == 0)

            let registered = try await browser.post("/ho-so", Browser.registration(csrf: token))
            #expect(registered.status == .seeOther)
            let code = try #require(registered.location?.split(separator: "/").dropFirst().first.map(String.init))
            let event = try await browser.post("/ho-so/\(code)/su-kien", [("type", "processing_started")])
            #expect(event.status == .forbidden)
            let signOut = try await browser.post("/dang-xuat", [])
            #expect(signOut.status == .forbidden)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM case_event") == 1)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM web_session") == 1)
        }
    }

    // MARK: Escaping

    @Test("a hostile applicant name is shown as text on every page that shows it, never as markup")
    func hostileNameIsEscaped() async throws {
        try await WebFixture.withBrowser("web-escape") { browser, fixture in
            try await browser.signIn("clerk")
            let form = try await browser.get("/ho-so/moi?thu-tuc=1.012222")
            let reply = try await browser.post("/ho-so", Browser.registration(csrf: form.csrf ?? "", name: Self.hostileName))
            #expect(reply.status == .seeOther)
            let receipt = try #require(reply.location)
            let code = String(receipt.split(separator: "/")[1])
            #expect(try await fixture.db.client.query("SELECT applicant_name FROM dossier").one().decode(String.self, column: 0) == Self.hostileName)
            let escaped =
                #"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; Lê &quot;Văn&quot; &amp; &#39;An&#39;"#
            for path in [receipt, "/ho-so/\(code)", "/ho-so"] {
                let page = try await browser.get(path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.text.contains(escaped), "\(path)")
                #expect(!page.text.contains("<script>alert"), "\(path)")
                #expect(!page.text.contains("<img src=x"), "\(path)")
            }
            let lookup = try await browser.get("/tra-cuu?ma=\(code)")
            #expect(lookup.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img"))
            #expect(!lookup.text.contains("<script>alert"))

            // A rejected form is shown again with what was typed, escaped inside the value attribute.
            let rejected = try await browser.post(
                "/ho-so",
                Browser.registration(csrf: form.csrf ?? "", name: Self.hostileName).map { $0.0 == "email" ? ($0.0, "\"><script>x</script>") : $0 }
            )
            #expect(rejected.status == .unprocessableContent)
            #expect(rejected.text.contains("value=\"&lt;script&gt;alert("))
            #expect(!rejected.text.contains("<script>x</script>"))
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM dossier") == 1)
        }
    }

    // MARK: Headers

    @Test("every page carries the security headers; no page has an inline script or style")
    func securityHeaders() async throws {
        try await WebFixture.withBrowser("web-headers") { browser, _ in
            var pages: [WebReply] = []
            let anonymous = [
                "/tra-cuu", "/tra-cuu?ma=000.00.13.H56-260302-0009", "/dang-nhap", "/static/app.css", "/khong-co", "/api/v1/public/dossiers/x",
            ]
            for path in anonymous {
                pages.append(try await browser.get(path))
            }
            try await browser.signIn("admin")
            for path in ["/ho-so", "/ho-so/moi?thu-tuc=1.012222", "/bang-dieu-khien", "/ho-so/khong-co"] {
                pages.append(try await browser.get(path))
            }
            for page in pages {
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("default-src 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[.referrerPolicy] == "same-origin")
                if page.headers[.contentType]?.hasPrefix("text/html") == true {
                    #expect(page.text.range(of: "<script(?![^>]*\\bsrc=)", options: .regularExpression) == nil)
                    #expect(!page.text.contains(" style="))
                    #expect(page.text.range(of: " on[a-z]+=", options: .regularExpression) == nil)
                    #expect(page.headers[.cacheControl] == "no-store")
                }
            }
        }
    }

    // MARK: Roles

    /// Who may open which page: (user, path, expected status); nil user is an anonymous visitor.
    static let access: [(String?, String, HTTPResponse.Status)] = [
        (nil, "/tra-cuu", .ok), (nil, "/ho-so", .seeOther), (nil, "/ho-so/moi", .seeOther), (nil, "/bang-dieu-khien", .seeOther),
        (nil, "/ho-so/{X1}", .seeOther), (nil, "/ho-so/{X1}/phieu-tiep-nhan", .seeOther),
        ("clerk", "/ho-so", .ok), ("clerk", "/ho-so/moi", .ok), ("clerk", "/bang-dieu-khien", .forbidden), ("clerk", "/ho-so/{X1}", .ok),
        ("clerk", "/ho-so/{X1}/phieu-tiep-nhan", .ok), ("clerk", "/ho-so/{X1}/phieu-tu-choi", .notFound),
        ("officer", "/ho-so", .ok), ("officer", "/ho-so/moi", .forbidden), ("officer", "/ho-so/{X1}", .ok),
        ("clerk_snv", "/ho-so/{X1}", .notFound), ("clerk_snv", "/ho-so/{X1}/phieu-tiep-nhan", .notFound),
        ("x1", "/ho-so", .ok), ("x1", "/ho-so/moi", .ok), ("x1", "/ho-so/{X1}", .ok), ("x1", "/ho-so/{X2}", .notFound),
        ("x1", "/bang-dieu-khien", .forbidden), ("x2", "/ho-so/{X2}", .ok),
        ("leader", "/ho-so", .forbidden), ("leader", "/ho-so/{X1}", .forbidden), ("leader", "/bang-dieu-khien", .ok),
        ("leader", "/bang-dieu-khien/csv?bieu-do=kenh", .ok), ("leader", "/tra-cuu", .ok),
        ("admin", "/ho-so", .ok), ("admin", "/ho-so/moi", .ok), ("admin", "/ho-so/{X2}", .ok), ("admin", "/bang-dieu-khien", .ok),
    ]

    @Test("each role opens exactly its pages; dossiers outside its scope are 404")
    func roleAccess() async throws {
        try await WebFixture.withBrowser("web-roles") { shared, fixture in
            let store = DossierStore(database: fixture.database)
            var codes: [String: String] = [:]
            for locality in ["X1", "X2"] {
                let applicant = try Applicant(name: "Người nộp \(locality)", kind: .person, locality: locality)
                let outcome = try await store.register(
                    NewDossier(
                        agency: "BDT",
                        procedure: "1.012222",
                        channel: .direct,
                        applicant: applicant,
                        components: [ComponentRecord(code: "TP1", digitized: true, reused: false)],
                        receivedAt: fixture.clock.now,
                        actor: "clerk"
                    )
                )
                codes[locality] = outcome.record.code
            }
            var failures: [String] = []
            for (user, template, expected) in Self.access {
                let path = template.replacingOccurrences(of: "{X1}", with: codes["X1"] ?? "")
                    .replacingOccurrences(of: "{X2}", with: codes["X2"] ?? "")
                let browser = Browser(client: shared.client)
                if let user { try await browser.signIn(user) }
                let status = try await browser.get(path).status
                if status != expected { failures.append("\(user ?? "anonymous") \(path): \(status.code), expected \(expected.code)") }
            }
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    // MARK: The clerk's flow

    @Test("register, receipt slip, then exactly the allowed transitions up to returned; the public look-up shows it masked")
    func registerAndReturn() async throws {
        try await WebFixture.withBrowser("web-flow") { browser, fixture in
            try await browser.signIn("clerk")
            let chooser = try await browser.get("/ho-so/moi")
            #expect(chooser.text.contains("1.012222 · Công nhận người có uy tín"))
            let form = try await browser.get("/ho-so/moi?thu-tuc=1.012222")
            #expect(form.text.contains("Biên bản họp thôn"))
            #expect(form.text.contains("name=\"kenh\" value=\"postal\""))
            let key = try #require(form.field("_idem"))
            let fields = Browser.registration(csrf: form.csrf ?? "", idempotencyKey: key)
            let registered = try await browser.post("/ho-so", fields)
            #expect(registered.status == .seeOther)
            let code = "\(APIFixture.bdtIdentifier)-260302-0001"
            #expect(registered.location == "/ho-so/\(code)/phieu-tiep-nhan?moi=1")
            // The same form sent twice (a double click) registers once.
            let again = try await browser.post("/ho-so", fields)
            #expect(again.location == registered.location)
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM dossier") == 1)

            let receipt = try await browser.get(registered.location ?? "")
            #expect(receipt.status == .ok)
            for text in [
                "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Ban Dân tộc tỉnh", code, "Nguyễn Văn An", "Biên bản họp thôn (TP1)",
                "09 giờ 00 phút, ngày 02 tháng 03 năm 2026", "17 giờ 00 phút, ngày 06 tháng 04 năm 2026", "/static/print.css", "Mẫu số 01",
            ] {
                #expect(receipt.text.contains(text), "\(text)")
            }

            // (event, its fields, transitions that must not be offered just before it)
            let steps: [(String, [(String, String)], Set<String>)] = [
                ("processing_started", [], ["returned", "result_ready", "supplement_received", "handed_over"]),
                ("result_ready", [("dien-tu", "1"), ("ma-ket-qua", "\(code)-KQ1")], ["returned", "processing_started", "refused"]),
                ("returned", [("kenh", "postal"), ("ma-buu-gui", "EB123456789VN")], ["processing_started", "result_ready", "supplement_requested"]),
            ]
            for (type, extra, forbidden) in steps {
                let page = try await browser.get("/ho-so/\(code)")
                let record = try #require(try await DossierStore(database: fixture.database).dossier(code: code, scope: .all))
                #expect(page.offeredEventTypes == Set(record.allowedEvents.map(\.rawValue)), "before \(type)")
                #expect(page.offeredEventTypes.isDisjoint(with: forbidden), "before \(type)")
                #expect(page.offeredEventTypes.contains(type))
                let done = try await browser.post("/ho-so/\(code)/su-kien", [("_csrf", page.csrf ?? ""), ("type", type)] + extra)
                #expect(done.status == .seeOther, "\(type): \(done.text.prefix(300))")
                #expect(done.location == "/ho-so/\(code)?da-ghi=\(type)#lich-su")
            }
            let finished = try await browser.get("/ho-so/\(code)?da-ghi=returned")
            #expect(finished.text.contains("Đã ghi nhận: trả kết quả."))
            #expect(finished.text.contains("Đã trả kết quả"))
            #expect(finished.offeredEventTypes == ["component_digitized", "result_digitized"])
            // An event the state does not allow is a 409 page that writes nothing.
            let illegal = try await browser.post("/ho-so/\(code)/su-kien", [("_csrf", finished.csrf ?? ""), ("type", "processing_started")])
            #expect(illegal.status == .conflict)
            #expect(illegal.text.contains("Không thể bắt đầu xử lý"))
            #expect(try await WebFixture.count(fixture, "SELECT count(*)::int FROM case_event") == 4)

            let lookup = try await browser.get("/tra-cuu?ma=\(code)")
            #expect(lookup.status == .ok)
            #expect(lookup.text.contains("Nguyễn V. A."))
            #expect(lookup.text.contains("Đã trả kết quả"))
            for secret in ["Nguyễn Văn An", "0912345678", "an@example.vn", "001234567890", "Thôn 3"] {
                #expect(!lookup.text.contains(secret), "\(secret)")
            }
        }
    }

    @Test("a supplement request, a refusal and an apology each lead to their printable slip (Mẫu 02, 03, 04)")
    func slips() async throws {
        try await WebFixture.withBrowser("web-slips") { browser, _ in
            try await browser.signIn("clerk")
            var codes: [String] = []
            for _ in 0..<2 {
                let form = try await browser.get("/ho-so/moi?thu-tuc=1.012222")
                let reply = try await browser.post("/ho-so", Browser.registration(csrf: form.csrf ?? ""))
                codes.append(String(try #require(reply.location).split(separator: "/")[1]))
            }
            func post(_ code: String, _ fields: [(String, String)]) async throws -> WebReply {
                let page = try await browser.get("/ho-so/\(code)")
                return try await browser.post("/ho-so/\(code)/su-kien", [("_csrf", page.csrf ?? "")] + fields)
            }
            let supplement = try await post(codes[0], [("type", "supplement_requested"), ("ly-do", "Thiếu biên bản họp thôn có chữ ký")])
            #expect(supplement.location == "/ho-so/\(codes[0])/phieu-bo-sung?moi=1")
            let slip2 = try await browser.get(supplement.location ?? "")
            #expect(slip2.text.contains("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"))
            #expect(slip2.text.contains("Thiếu biên bản họp thôn có chữ ký"))
            let apology = try await post(
                codes[0],
                [("type", "apologized"), ("ly-do", "Chờ ý kiến của Sở Nội vụ"), ("han-moi", "2026-04-20T16:30")]
            )
            #expect(apology.location == "/ho-so/\(codes[0])/phieu-xin-loi?moi=1")
            let slip4 = try await browser.get(apology.location ?? "")
            #expect(slip4.text.contains("Phiếu xin lỗi và hẹn lại ngày trả kết quả"))
            #expect(slip4.text.contains("16 giờ 30 phút, ngày 20 tháng 04 năm 2026"))
            let refusal = try await post(codes[1], [("type", "refused"), ("ly-do", "Hồ sơ không thuộc thẩm quyền")])
            #expect(refusal.location == "/ho-so/\(codes[1])/phieu-tu-choi?moi=1")
            let slip3 = try await browser.get(refusal.location ?? "")
            #expect(slip3.text.contains("Phiếu từ chối tiếp nhận giải quyết hồ sơ"))
            #expect(slip3.text.contains("Hồ sơ không thuộc thẩm quyền"))
            // A form without its required reason is shown again with the decoder's message.
            let missing = try await post(codes[0], [("type", "stopped")])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Lý do"))
        }
    }

    @Test("the public look-up: unknown and malformed codes are told apart, and it shares the API's per-address limit")
    func publicLookup() async throws {
        try await WebFixture.withBrowser("web-lookup", publicLookupsPerMinute: 3) { browser, _ in
            #expect(try await browser.get("/tra-cuu").status == .ok)
            let unknown = try await browser.get("/tra-cuu?ma=000.00.13.H56-260302-0042")
            #expect(unknown.status == .notFound)
            #expect(unknown.text.contains("Không tìm thấy hồ sơ"))
            let malformed = try await browser.get("/tra-cuu?ma=%3Cb%3Ekhong-hop-le")
            #expect(malformed.status == .badRequest)
            #expect(malformed.text.contains("không đúng dạng"))
            #expect(!malformed.text.contains("<b>"))
            // The third look-up of the minute goes through the API, the fourth (a page) is over the shared limit.
            #expect(try await browser.get("/api/v1/public/dossiers/000.00.13.H56-260302-0042").status == .notFound)
            let limited = try await browser.get("/tra-cuu?ma=000.00.13.H56-260302-0042")
            #expect(limited.status == .tooManyRequests)
            #expect(limited.text.contains("Quá nhiều yêu cầu tra cứu"))
            #expect(try await browser.get("/api/v1/public/dossiers/000.00.13.H56-260302-0042").status == .tooManyRequests)
        }
    }

    @Test("the dashboard: a leader of one agency sees only it; charts have text alternatives, tables and CSV")
    func dashboard() async throws {
        try await WebFixture.withBrowser("web-dashboard") { browser, fixture in
            _ = try await UserStore(database: fixture.database).addUser(
                name: "leader_bdt",
                role: .leader,
                agency: "BDT",
                locality: nil,
                passwordHash: WebFixture.passwordHash.withLock { $0 }
            )
            try await browser.signIn("leader_bdt")
            let page = try await browser.get("/bang-dieu-khien?ky=2026-Q1")
            #expect(page.status == .ok)
            #expect(page.text.contains("Ban Dân tộc tỉnh · quý I năm 2026"))
            #expect(page.text.contains("<svg"))
            #expect(page.text.contains("role=\"img\""))
            #expect(page.text.contains("<desc id=\"bieu-do-kenh-desc\">"))
            #expect(page.text.contains("Xem số liệu dạng bảng"))
            #expect(page.text.contains("/bang-dieu-khien/csv?bieu-do=kenh&amp;co-quan=BDT&amp;ky=2026-Q1"))
            #expect(try await browser.get("/bang-dieu-khien?co-quan=SNV").status == .forbidden)
            let csv = try await browser.get("/bang-dieu-khien/csv?bieu-do=kenh&co-quan=BDT&ky=2026-Q1")
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.text.hasPrefix("\u{FEFF}Tháng,Trực tiếp,Trực tuyến,Bưu chính công ích,Tổng\r\n"))
            #expect(csv.text.contains("Tháng 3/2026,0,0,0,0\r\n"))
            #expect(try await browser.get("/bang-dieu-khien?ky=2026-13").status == .badRequest)
        }
    }

    @Test("every embedded template parses, and the static files are served")
    func templates() async throws {
        let renderer = PageRenderer()
        #expect(renderer.brokenTemplates.isEmpty, "\(renderer.brokenTemplates)")
        let pages: Set = ["layout", "print-layout", "sign-in", "message", "dossier", "dossier-list", "register", "lookup", "dashboard"]
        #expect(Set(renderer.templateNames).isSuperset(of: pages))
        #expect(renderer.asset("app.css") != nil)
        #expect(renderer.asset("app.js") != nil)
        #expect(renderer.asset("print.css") != nil)
        #expect(renderer.asset("../Package.swift") == nil)
    }

    @Test("CSV cells that a spreadsheet would run as formulas are defused")
    func csvCells() {
        let text = WebInterface.csv([["=HYPERLINK(\"x\")", "-5", "a,b", "Đúng"]])
        #expect(text == "\u{FEFF}\"'=HYPERLINK(\"\"x\"\")\",-5,\"a,b\",Đúng\r\n")
    }

    @Test("the sign-in form only returns to a path on this site")
    func returnPaths() {
        #expect(WebFormat.safeReturnPath("/ho-so?status=received") == "/ho-so?status=received")
        for unsafe in ["//evil.example", "/\\evil.example", "https://evil.example", "ho-so", "/a\u{0}b", nil] {
            #expect(WebFormat.safeReturnPath(unsafe) == nil)
        }
    }
}
