import Foundation
import Imaging

/// Drives Debian's headless Chromium over the DevTools protocol (`--remote-debugging-pipe`: JSON messages
/// on fds 3/4, no extra packages): opens the classifier page, picks a photo in the file input, submits,
/// waits for the bar chart and takes a screenshot.
enum ChromiumPage {
    struct Result: Decodable {
        var bars: Int
        var status: String
    }

    static func uploadAndScreenshot(url: String, image: String, screenshot: String) async throws -> Result {
        let profile = NSTemporaryDirectory() + "kiln-chromium-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: profile) }
        let output = try await Task.detached {
            try ClassifierFixture.run(ClassifierFixture.python, ["-c", driver, "/usr/bin/chromium", profile, url, image, screenshot])
        }.value
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }) else {
            throw FixtureError("the Chromium driver printed no result:\n\(output)")
        }
        return try JSONDecoder().decode(Result.self, from: Data(line.utf8))
    }

    /// Pixels of the PNG at `path` within ±24 per channel of `color`.
    static func countPixels(in path: String, near color: (UInt8, UInt8, UInt8)) throws -> Int {
        let image = try ImageDecoder().decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        var count = 0
        image.pixels.withUnsafeBufferPointer { pixels in
            for index in stride(from: 0, to: pixels.count, by: 4)
            where abs(Int(pixels[index]) - Int(color.0)) <= 24 && abs(Int(pixels[index + 1]) - Int(color.1)) <= 24
                && abs(Int(pixels[index + 2]) - Int(color.2)) <= 24 {
                count += 1
            }
        }
        return count
    }

    static let driver = #"""
        import base64, json, os, subprocess, sys, time
        chromium, profile, url, image, screenshot = sys.argv[1:6]
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        def wire():  # Chromium reads commands on fd 3 and writes replies on fd 4 (pipes are close-on-exec)
            reader, writer = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(reader, 3)
            os.dup2(writer, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)
        browser = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--remote-debugging-pipe", "--user-data-dir=" + profile, "--window-size=900,700", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r); os.close(from_chrome_w)
        inbox, buffer, next_id = [], b"", [0]
        def receive():
            global buffer
            while b"\0" not in buffer:
                chunk = os.read(from_chrome_r, 65536)
                if not chunk: sys.exit("chromium closed the DevTools pipe")
                buffer += chunk
            message, buffer = buffer.split(b"\0", 1)
            return json.loads(message)
        def call(method, session=None, **params):
            next_id[0] += 1
            message = {"id": next_id[0], "method": method, "params": params}
            if session: message["sessionId"] = session
            os.write(to_chrome_w, json.dumps(message).encode() + b"\0")
            while True:
                reply = receive()
                if reply.get("id") == next_id[0]:
                    if "error" in reply: sys.exit(f"{method}: {reply['error']}")
                    return reply["result"]
                inbox.append(reply)
        def evaluate(session, expression):
            return call("Runtime.evaluate", session, expression=expression, returnByValue=True)["result"].get("value")
        try:
            page = next(t for t in call("Target.getTargets")["targetInfos"] if t["type"] == "page")
            session = call("Target.attachToTarget", targetId=page["targetId"], flatten=True)["sessionId"]
            call("Page.enable", session)
            call("Page.navigate", session, url=url)
            deadline = time.time() + 30
            while evaluate(session, "document.readyState") != "complete" or not evaluate(session, "!!document.getElementById('file')"):
                if time.time() > deadline: sys.exit("the page did not load")
                time.sleep(0.1)
            root = call("DOM.getDocument", session)["root"]["nodeId"]
            node = call("DOM.querySelector", session, nodeId=root, selector="#file")["nodeId"]
            call("DOM.setFileInputFiles", session, nodeId=node, files=[image])
            evaluate(session, "document.querySelector('#upload button').click()")
            deadline = time.time() + 180
            while evaluate(session, "document.querySelectorAll('.bar').length") != 5:
                if time.time() > deadline: sys.exit("no bars after 180 s; status: " + str(evaluate(session, "document.getElementById('status').textContent")))
                time.sleep(0.2)
            time.sleep(0.3)
            shot = call("Page.captureScreenshot", session, format="png")["data"]
            with open(screenshot, "wb") as f: f.write(base64.b64decode(shot))
            print(json.dumps({"bars": evaluate(session, "document.querySelectorAll('.bar').length"),
                              "status": evaluate(session, "document.getElementById('status').textContent")}))
        finally:
            browser.kill()
            browser.wait()
        """#
}
