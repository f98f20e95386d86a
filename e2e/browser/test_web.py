#!/usr/bin/env python3
"""Browser tests of the tthc web interface, in headless Chromium through Selenium.

Starts its own `tthc serve` (a temporary TTHC_DATA_DIR, so an embedded PostgreSQL with the demo agencies, and a free
port), creates users with `tthc user add … --password-stdin`, then walks the flows of issue 6:

  clerk signs in → registers a dossier → prints the receipt slip (A5) → moves it to "returned" →
  the public look-up shows it masked → a leader signs in → the dashboard shows the new numbers,

plus hostile input shown as text, the other slips, the locality's view, security headers, the phone layout and
keyboard access. Every page visited is saved as a PNG (desktop width, and phone width for the main pages).
Prints one summary line, `browser: N passed, M failed`, and exits 1 if anything failed.
"""

import argparse
import base64
import datetime
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException, TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

DESKTOP = (1280, 900)
PHONE = (390, 844)
PASSWORDS = {
    "canbo": "mat-khau-can-bo-mot-cua",
    "lanhdao": "mat-khau-lanh-dao-tinh",
    "xa1": "mat-khau-ubnd-xa-tan-lap",
}
# A script and markup typed into fields: must show up as text and never run.
HOSTILE = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=1</script> Hoàng \"Thị\" & Mai"
HOSTILE_ADDRESS = "<b>Thôn 5</b><svg onload=\"window.__pwned=1\">"


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


class Suite:
    def __init__(self, args):
        self.args = args
        self.binary = os.path.abspath(args.bin)
        self.out = os.path.abspath(args.out)
        self.docs = os.path.abspath(args.docs) if args.docs else None
        os.makedirs(self.out, exist_ok=True)
        if self.docs:
            os.makedirs(self.docs, exist_ok=True)
        self.data = tempfile.mkdtemp(prefix="tthc-browser-data-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.driver = None
        self.results = []
        self.state = {}
        self.shots = 0

    # -- the server -------------------------------------------------------------------------------------------------

    def environment(self):
        env = dict(os.environ)
        for name in ("DATABASE_URL", "PGHOST", "PGSERVICE"):
            env.pop(name, None)
        env.update({"TTHC_DATA_DIR": self.data, "TTHC_LOG_LEVEL": "warning", "TTHC_DEMO_DATA": "1"})
        return env

    def start_server(self):
        self.server_log = open(os.path.join(self.out, "serve.log"), "w")
        self.server = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            env=self.environment(), stdout=self.server_log, stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        while time.time() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"tthc serve exited with {self.server.returncode}; see {self.server_log.name}")
            try:
                with urllib.request.urlopen(self.base + "/ready", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.5)
        raise RuntimeError("tthc serve did not become ready within 180 s")

    def add_user(self, name, role, agency=None, locality=None):
        command = [self.binary, "user", "add", name, "--role", role, "--password-stdin"]
        if agency:
            command += ["--agency", agency]
        if locality:
            command += ["--locality", locality]
        result = subprocess.run(command, input=PASSWORDS[name] + "\n", env=self.environment(), capture_output=True, text=True,
                                timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"tthc user add {name} failed: {result.stderr.strip()}")

    def stop(self):
        if self.driver:
            try:
                self.driver.quit()
            except Exception:  # noqa: BLE001 - best effort at the end
                pass
        if self.server and self.server.poll() is not None:
            print(f"browser: tthc serve exited early with status {self.server.returncode} (log: {self.server_log.name})")
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.data, ignore_errors=True)

    # -- the browser ------------------------------------------------------------------------------------------------

    def start_browser(self):
        options = Options()
        options.add_argument("--headless=new")
        options.add_argument("--no-sandbox")
        options.add_argument("--disable-dev-shm-usage")
        options.add_argument("--lang=vi-VN")
        options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(60)

    def go(self, path):
        self.driver.get(self.base + path)
        self.assert_not_pwned()

    def wait_for(self, by, value, timeout=20):
        return WebDriverWait(self.driver, timeout).until(EC.presence_of_element_located((by, value)))

    def text(self):
        return self.driver.find_element(By.TAG_NAME, "body").text

    def assert_not_pwned(self):
        try:
            alert = self.driver.switch_to.alert
            message = alert.text
            alert.dismiss()
            raise Failure(f"an unexpected dialog opened: {message!r}")
        except NoAlertPresentException:
            pass
        check(self.driver.execute_script("return window.__pwned === undefined"), "an injected script ran (window.__pwned is set)")

    def screenshot(self, name, phone=False):
        """Saves the whole page at desktop width (and at phone width when asked) into the output and docs folders.

        The page is laid out at the width asked for with Chromium's device emulation (a headless window cannot be
        made as narrow as a phone), then captured whole, from the top.
        """
        self.shots += 1
        widths = [("desktop", DESKTOP, False)] + ([("phone", PHONE, True)] if phone else [])
        try:
            for label, (width, height), mobile in widths:
                metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
                self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                self.driver.execute_script("window.scrollTo(0, 0)")
                full = self.driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
                metrics["height"] = min(max(height, int(full)), 8000)
                self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
                shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
                png = base64.b64decode(shot["data"])
                file = f"{name}-{label}.png"
                with open(os.path.join(self.out, file), "wb") as handle:
                    handle.write(png)
                if self.docs:
                    with open(os.path.join(self.docs, file), "wb") as handle:
                        handle.write(png)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def sign_in(self, user):
        self.driver.delete_all_cookies()
        self.go("/dang-nhap")
        self.wait_for(By.ID, "ten").send_keys(user)
        self.driver.find_element(By.ID, "mat-khau").send_keys(PASSWORDS[user])
        self.driver.find_element(By.CSS_SELECTOR, "form[action='/dang-nhap'] button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(lambda d: "/dang-nhap" not in d.current_url)
        self.assert_not_pwned()

    def sign_out(self):
        self.driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
        WebDriverWait(self.driver, 20).until(lambda d: "/dang-nhap" in d.current_url)

    def register(self, name, channel="direct", locality="36001", tracking=None, address="Thôn 3, xã Tân Lập"):
        """Registers a dossier of procedure 1.012222 through the form; returns its code (from the receipt URL)."""
        self.go("/ho-so/moi")
        Select(self.wait_for(By.ID, "chon-thu-tuc")).select_by_value("1.012222")
        # The page reloads for the procedure (a little script submits the choice; without it, "Chọn thủ tục").
        name_field = self.wait_for(By.ID, "nguoi-nop")
        self.driver.find_element(By.ID, f"kenh-{channel}").click()
        if tracking:
            field = self.driver.find_element(By.ID, "buu-gui")
            check(field.is_displayed(), "the postal tracking field is shown for a postal dossier")
            field.send_keys(tracking)
        name_field.send_keys(name)
        self.driver.find_element(By.ID, "so-giay-to").send_keys("068123456789")
        Select(self.driver.find_element(By.ID, "dia-phuong")).select_by_value(locality)
        self.driver.find_element(By.ID, "dien-thoai").send_keys("0987654321")
        self.driver.find_element(By.ID, "email").send_keys("nguoinop@example.vn")
        self.driver.find_element(By.ID, "dia-chi").send_keys(address)
        digitized = self.driver.find_element(By.ID, "tp-0-so-hoa")
        if not digitized.is_selected():
            digitized.click()
        self.driver.find_element(By.CSS_SELECTOR, "form.register button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(lambda d: "/phieu-tiep-nhan" in d.current_url)
        self.assert_not_pwned()
        match = re.search(r"/ho-so/([^/]+)/phieu-tiep-nhan", self.driver.current_url)
        check(match, f"registration leads to the receipt slip (at {self.driver.current_url})")
        return match.group(1)

    def event(self, code, summary, fill=None, button=None):
        """Opens the dossier page, opens the action `summary` (a <details>) or clicks the one-button action, submits."""
        self.go(f"/ho-so/{code}")
        page = self.driver.find_element(By.TAG_NAME, "html")
        if button:
            self.driver.find_element(By.XPATH, f"//div[@class='actions-quick']//button[normalize-space()='{button}']").click()
        else:
            details = self.driver.find_element(By.XPATH, f"//details[summary[starts-with(normalize-space(), '{summary}')]]")
            if details.get_attribute("open") is None:
                details.find_element(By.TAG_NAME, "summary").click()
            if fill:
                fill(details)
            details.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(self.driver, 20).until(EC.staleness_of(page))
        self.wait_for(By.TAG_NAME, "main")
        self.assert_not_pwned()

    def cookies_header(self):
        return "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())

    def fetch(self, path, cookies=True):
        request = urllib.request.Request(self.base + path)
        if cookies:
            request.add_header("Cookie", self.cookies_header())
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    # -- the tests --------------------------------------------------------------------------------------------------

    def test_sign_in_clerk(self):
        self.go("/dang-nhap")
        self.wait_for(By.ID, "ten")
        check("Đăng nhập" in self.text(), "the sign-in page is in Vietnamese")
        self.screenshot("01-dang-nhap", phone=True)
        self.sign_in("canbo")
        check(self.driver.current_url.endswith("/ho-so"), f"a clerk lands on the dossier list, not {self.driver.current_url}")
        check("Danh sách hồ sơ" in self.text(), "the dossier list is shown")
        check("canbo · Cán bộ một cửa" in self.text(), "the signed-in clerk is named in the header")
        session = [c for c in self.driver.get_cookies() if c["name"] == "tthc_session"]
        check(session and session[0]["httpOnly"] and session[0].get("sameSite") == "Lax", "the session cookie is HttpOnly and SameSite=Lax")
        check(self.driver.execute_script("return document.cookie").find("tthc_session") < 0, "scripts cannot read the session cookie")

    def test_register_dossier(self):
        self.go("/ho-so/moi")
        Select(self.wait_for(By.ID, "chon-thu-tuc")).select_by_value("1.012222")
        self.wait_for(By.ID, "nguoi-nop")
        page = self.text()
        for component in ("Biên bản họp thôn, làng, bản bình chọn người có uy tín", "Văn bản đề nghị của Ủy ban nhân dân cấp xã"):
            check(component in page, f"the form lists the procedure's component {component!r}")
        check(not self.driver.find_element(By.ID, "buu-gui").is_displayed(), "the postal tracking field is hidden for a desk dossier")
        self.driver.find_element(By.ID, "kenh-postal").click()
        check(self.driver.find_element(By.ID, "buu-gui").is_displayed(), "choosing the postal channel shows the tracking field")
        self.screenshot("02-tiep-nhan-ho-so", phone=True)
        code = self.register("Nguyễn Văn An", channel="postal", tracking="EB123456789VN")
        self.state["code"] = code
        check(re.fullmatch(r"000\.00\.13\.H36-\d{6}-0001", code), f"the first dossier of the day is numbered 0001: {code}")

    def test_receipt_print_view(self):
        code = self.state["code"]
        self.go(f"/ho-so/{code}/phieu-tiep-nhan")
        page = self.text()
        for text in ("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", code, "Nguyễn Văn An", "BAN DÂN TỘC TỈNH", "Mẫu số 01",
                     "Thời gian trả kết quả giải quyết hồ sơ", "Biên bản họp thôn, làng, bản bình chọn người có uy tín"):
            check(text in page, f"the receipt slip shows {text!r}")
        button = self.driver.find_element(By.CSS_SELECTOR, "button[data-print]")
        check(button.is_displayed(), "the print button is shown (the script un-hides it)")
        self.screenshot("03-phieu-tiep-nhan", phone=True)
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        try:
            check(not self.driver.find_element(By.CSS_SELECTOR, ".print-bar").is_displayed(), "the print bar is hidden on paper")
            pdf = base64.b64decode(self.driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})["data"])
            with open(os.path.join(self.out, "03-phieu-tiep-nhan.pdf"), "wb") as handle:
                handle.write(pdf)
            boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
            check(boxes, "the printed PDF has pages")
            width, height = (float(boxes[0][0]), float(boxes[0][1]))
            check(abs(width - 419.5) < 3 and abs(height - 595.3) < 3, f"the slip prints on A5 (148 × 210 mm), got {width:.1f} × {height:.1f} pt")
            self.screenshot("03-phieu-tiep-nhan-ban-in")
        finally:
            self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})

    def test_move_to_returned(self):
        code = self.state["code"]
        self.go(f"/ho-so/{code}")
        offered = {e.get_attribute("value") for e in self.driver.find_elements(By.CSS_SELECTOR, "input[name=type]")}
        check("processing_started" in offered and "returned" not in offered, f"a received dossier offers processing, not return: {offered}")
        self.screenshot("04-ho-so-moi-tiep-nhan", phone=True)
        self.event(code, None, button="Bắt đầu xử lý")
        check("Đã ghi nhận: bắt đầu xử lý." in self.text(), "the page confirms the step")

        def result(details):
            box = details.find_element(By.ID, "ev-dien-tu")
            if not box.is_selected():
                box.click()

        self.event(code, "Ghi nhận kết quả giải quyết", fill=result)
        check("Đã xử lý xong" in self.text(), "the result is ready")

        def give_back(details):
            details.find_element(By.ID, "tra-postal").click()
            details.find_element(By.ID, "ev-buu-gui").send_keys("EB987654321VN")

        self.event(code, "Trả kết quả", fill=give_back)
        page = self.text()
        check("Đã trả kết quả" in page, "the dossier is returned")
        check("Trả qua: Bưu chính công ích, mã bưu gửi EB987654321VN" in page, "the timeline shows the return by post")
        offered = {e.get_attribute("value") for e in self.driver.find_elements(By.CSS_SELECTOR, "input[name=type]")}
        check(offered == {"component_digitized", "result_digitized"}, f"a returned dossier offers only digitization: {offered}")
        self.screenshot("05-ho-so-da-tra-ket-qua", phone=True)

    def test_public_lookup_masked(self):
        code = self.state["code"]
        self.driver.delete_all_cookies()
        self.go("/tra-cuu")
        self.screenshot("06-tra-cuu", phone=True)
        field = self.wait_for(By.ID, "ma")
        field.send_keys(code)
        field.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 20).until(lambda d: "ma=" in d.current_url)
        page = self.text()
        check("Nguyễn V. A." in page, "the applicant's name is masked")
        check("Đã trả kết quả" in page, "the public sees the status")
        for secret in ("Nguyễn Văn An", "0987654321", "nguoinop@example.vn", "068123456789", "Thôn 3"):
            check(secret not in page, f"the public page does not show {secret!r}")
        self.screenshot("07-tra-cuu-ket-qua", phone=True)

    def test_hostile_input_is_text(self):
        self.sign_in("canbo")
        code = self.register(HOSTILE, locality="36002", address=HOSTILE_ADDRESS)
        self.state["hostile"] = code
        for path in (f"/ho-so/{code}/phieu-tiep-nhan", f"/ho-so/{code}", "/ho-so"):
            self.go(path)
            page = self.text()
            check("<script>window.__pwned=1</script>" in page, f"{path}: the script shows as text")
            check(self.driver.execute_script("return document.querySelectorAll('main img, main script, main svg[onload], main b').length") == 0,
                  f"{path}: no element was made from the typed markup")
        self.go(f"/ho-so/{code}")
        check("<b>Thôn 5</b><svg onload=\"window.__pwned=1\">" in self.text(), "the hostile address shows as text")
        self.go("/tra-cuu")
        field = self.wait_for(By.ID, "ma")
        field.send_keys("<script>window.__pwned=1</script>")
        field.send_keys(Keys.ENTER)
        WebDriverWait(self.driver, 20).until(lambda d: "ma=" in d.current_url)
        check("không đúng dạng" in self.text(), "a malformed code is explained")
        check(self.driver.find_element(By.ID, "ma").get_attribute("value") == "<script>window.__pwned=1</script>",
              "the typed text comes back as the field's value")
        self.assert_not_pwned()

    def test_other_slips(self):
        first = self.register("Trần Thị Bình", locality="36001")
        second = self.register("Ủy ban nhân dân xã Tân Lập", locality="36001")

        def reason(text):
            return lambda details: details.find_element(By.TAG_NAME, "textarea").send_keys(text)

        self.event(first, "Yêu cầu bổ sung hồ sơ", fill=reason("Bổ sung biên bản họp thôn có đủ chữ ký của các hộ gia đình"))
        check("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in self.text(), "a supplement request leads to Mẫu 02")
        self.screenshot("08-phieu-yeu-cau-bo-sung", phone=True)

        def apology(details):
            details.find_element(By.TAG_NAME, "textarea").send_keys("Chờ ý kiến thẩm định của Sở Nội vụ")

        self.event(first, "Xin lỗi và hẹn lại", fill=apology)
        check("PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in self.text(), "an apology leads to Mẫu 04")
        self.screenshot("09-phieu-xin-loi", phone=True)

        self.go(f"/ho-so/{second}")
        details = self.driver.find_element(By.XPATH, "//details[summary[starts-with(normalize-space(), 'Từ chối tiếp nhận')]]")
        details.find_element(By.TAG_NAME, "summary").click()
        details.find_element(By.TAG_NAME, "textarea").send_keys("Hồ sơ không thuộc thẩm quyền giải quyết của Ban Dân tộc")
        details.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The refusal cannot be undone: the page asks first.
        WebDriverWait(self.driver, 10).until(EC.alert_is_present())
        self.driver.switch_to.alert.accept()
        WebDriverWait(self.driver, 20).until(lambda d: "/phieu-tu-choi" in d.current_url)
        check("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in self.text(), "a refusal leads to Mẫu 03")
        self.screenshot("10-phieu-tu-choi", phone=True)
        self.go("/ho-so")
        self.screenshot("11-danh-sach-ho-so", phone=True)

    def test_locality_sees_its_own(self):
        self.sign_in("xa1")
        check(self.driver.current_url.endswith("/ho-so"), "a locality lands on its dossiers")
        page = self.text()
        check("Hồ sơ của địa phương" in page, "the locality's list is titled as such")
        check(self.state["code"] in page, "the locality sees its applicant's dossier")
        check(self.state["hostile"] not in page, "the locality does not see another commune's dossier")
        self.screenshot("12-dia-phuong", phone=True)
        self.go(f"/ho-so/{self.state['hostile']}")
        check("Không tìm thấy hồ sơ" in self.text(), "another commune's dossier is not found")
        self.go("/bang-dieu-khien")
        check("Không được phép" in self.text(), "a locality may not open the dashboard")
        self.screenshot("13-khong-duoc-phep", phone=True)

    def test_leader_dashboard(self):
        self.sign_out()
        self.sign_in("lanhdao")
        check(self.driver.current_url.endswith("/bang-dieu-khien"), "a leader lands on the dashboard")
        year = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).year
        path = f"/bang-dieu-khien?co-quan=BDT&ky={year}"
        # 4 dossiers received by Ban Dân tộc, 1 by post; 1 result returned, by post. The worker counts them shortly.
        wanted = {"Tỷ lệ hồ sơ tiếp nhận qua dịch vụ bưu chính công ích": "1/4", "Tỷ lệ kết quả trả qua dịch vụ bưu chính công ích": "1/1"}
        deadline = time.time() + 60
        seen = {}
        while True:
            self.go(path)
            seen = {}
            for row in self.driver.find_elements(By.CSS_SELECTOR, "#chi-so + .table-wrap tbody tr"):
                cells = row.find_elements(By.CSS_SELECTOR, "th, td")
                seen[cells[0].text] = cells[1].text
            if all(seen.get(name) == value for name, value in wanted.items()) or time.time() > deadline:
                break
            time.sleep(1)
        for name, value in wanted.items():
            check(seen.get(name) == value, f"the dashboard shows {name} = {value} (saw {seen.get(name)!r})")
        charts = self.driver.find_elements(By.CSS_SELECTOR, "figure.chart svg[role=img]")
        check(len(charts) >= 3, f"the dashboard draws its charts ({len(charts)})")
        description = self.driver.find_element(By.ID, "bieu-do-kenh-desc").get_attribute("textContent")
        check("tiếp nhận 4 hồ sơ" in description, f"the channel chart has a text alternative with the numbers: {description[:120]!r}")
        status, headers, body = self.fetch(f"/bang-dieu-khien/csv?bieu-do=kenh&co-quan=BDT&ky={year}")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/csv"), f"the chart's CSV downloads ({status})")
        check(body.decode("utf-8").startswith("\ufeffTháng,Trực tiếp,Trực tuyến,Bưu chính công ích,Tổng"), "the CSV has its header")
        self.screenshot("14-bang-dieu-khien", phone=True)

    def test_security_headers(self):
        for path in ("/tra-cuu", "/dang-nhap", "/bang-dieu-khien", "/static/app.css", f"/tra-cuu?ma={self.state['code']}"):
            status, headers, _ = self.fetch(path)
            policy = headers.get("Content-Security-Policy", "")
            check("frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "unsafe-inline" not in policy,
                  f"{path}: CSP {policy!r}")
            check(headers.get("X-Content-Type-Options") == "nosniff", f"{path}: nosniff")
            check(headers.get("Referrer-Policy") == "same-origin", f"{path}: Referrer-Policy")
        status, _, _ = self.fetch("/ho-so", cookies=False)
        check(status in (200, 303), "the list answers")

    def test_phone_and_keyboard(self):
        self.driver.delete_all_cookies()
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride", {"width": PHONE[0], "height": PHONE[1], "deviceScaleFactor": 1, "mobile": True})
        try:
            for path in ("/tra-cuu", "/dang-nhap", f"/tra-cuu?ma={self.state['code']}"):
                self.go(path)
                overflow = self.driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                check(overflow <= 1, f"{path} fits a phone screen (overflow {overflow}px)")
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.go("/tra-cuu")
        body = self.driver.find_element(By.TAG_NAME, "body")
        body.send_keys(Keys.TAB)
        first = self.driver.switch_to.active_element
        check(first.get_attribute("class") == "skip", "the first Tab reaches the skip link")
        check(first.is_displayed(), "the skip link becomes visible when focused")
        first.send_keys(Keys.ENTER)
        # Every visible form field of the registration form has a label.
        self.sign_in("canbo")
        self.go("/ho-so/moi?thu-tuc=1.012222")
        unlabelled = self.driver.execute_script(
            """
            return Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea')).filter(function (field) {
                if (field.getAttribute('aria-labelledby')) { return false; }
                return !(field.id && document.querySelector('label[for="' + field.id + '"]'));
            }).map(function (field) { return field.name; });
            """)
        check(not unlabelled, f"every field has a label: {unlabelled}")

    # -- running ----------------------------------------------------------------------------------------------------

    def run(self):
        tests = [
            ("a clerk signs in", self.test_sign_in_clerk),
            ("the clerk registers a dossier; the form adapts to the procedure", self.test_register_dossier),
            ("the receipt slip prints on A5", self.test_receipt_print_view),
            ("the dossier moves to returned with exactly the allowed steps", self.test_move_to_returned),
            ("the public look-up shows it masked", self.test_public_lookup_masked),
            ("a script or HTML typed into fields shows up as text and never runs", self.test_hostile_input_is_text),
            ("supplement, apology and refusal slips (Mẫu 02, 04, 03)", self.test_other_slips),
            ("a locality sees its own dossiers only", self.test_locality_sees_its_own),
            ("a leader signs in and the dashboard shows the new numbers", self.test_leader_dashboard),
            ("security headers on every page", self.test_security_headers),
            ("phone width, keyboard and labels", self.test_phone_and_keyboard),
        ]
        try:
            self.start_server()
            self.add_user("canbo", "clerk", agency="BDT")
            self.add_user("lanhdao", "leader")
            self.add_user("xa1", "locality", locality="36001")
            self.start_browser()
        except Exception as error:  # noqa: BLE001 - reported as the suite's failure
            print(f"browser: setup failed: {error}", file=sys.stderr)
            self.stop()
            print(f"browser: 0 passed, {len(tests)} failed")
            return 1
        passed = failed = 0
        for name, test in tests:
            started = time.time()
            try:
                test()
                passed += 1
                print(f"  ok    {name} ({time.time() - started:.1f} s)")
            except Exception as error:  # noqa: BLE001 - one test's failure must not stop the others
                failed += 1
                print(f"  FAIL  {name}: {error}")
                if not isinstance(error, Failure):
                    traceback.print_exc()
                try:
                    self.screenshot(f"fail-{re.sub(r'[^a-z0-9]+', '-', name.lower())[:40]}")
                except Exception:  # noqa: BLE001
                    pass
        self.stop()
        print(f"screenshots: {self.out}" + (f" and {self.docs}" if self.docs else ""))
        print(f"browser: {passed} passed, {failed} failed")
        return 0 if failed == 0 else 1


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", required=True, help="the tthc executable")
    parser.add_argument("--out", required=True, help="where to save screenshots and the server log")
    parser.add_argument("--docs", help="also save the screenshots here (docs/screenshots)")
    sys.exit(Suite(parser.parse_args()).run())


if __name__ == "__main__":
    main()
