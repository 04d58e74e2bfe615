import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Synchronization
import Testing

extension BrowserConsoleTests {
    /// A business's own page (served on another loopback port, so another origin) with the widget's snippet, in
    /// headless Chromium: `scripts/widget_browser_test.py` opens the chat, checks the name and greeting, writes and
    /// waits for the bot's reply. The screenshots are kept under `SAUDA_TEST_ARTIFACTS/browser-widget`.
    @Test(.enabled(if: BrowserConsoleTests.ready,
                   "needs SAUDA_TEST_PYTHON with selenium, Debian's chromium-driver and the sauda binary (scripts/test.sh)"),
          .timeLimit(.minutes(5)))
    func aVisitorChatsThroughTheWidgetOnABusinesssPage() async throws {
        try await withTemporaryDirectory { directory in
            let port = try freeLoopbackPort()
            let path = directory.appendingPathComponent("widget.sqlite").path
            let base = "http://127.0.0.1:\(port)"
            // The host page: another port, so another origin than Sauda's.
            let snippet = Locked("")
            let page = try await LoopbackHTTPServer.start { target in
                let html = """
                    <!doctype html><html lang="ru"><head><meta charset="utf-8"><title>Эво Коврики — магазин</title></head>
                    <body style="font-family: sans-serif; margin: 40px"><h1>Эво Коврики</h1><p>Коврики EVA для вашего авто.</p>
                    \(snippet.value)</body></html>
                    """
                return target == "/" ? .ok(body: Array(html.utf8), contentType: "text/html; charset=utf-8") : .status(404)
            }
            let settings = WebChatWidgetSettings(allowedOrigins: [page.root], accentColor: "#0F766E",
                                                 greeting: "Сәлем! Подберём коврики под вашу машину.", position: .right, language: .ru)
            let database = try SQLiteDatabase(path: path, durability: .normal)
            try await Migrator(database: database, logger: testLogger).migrate()
            let widget = try await WidgetFixtures.addWidget(database, settings: settings)
            await database.close()
            snippet.value = WebChatWidgetSnippet.html(for: widget, baseURL: base)

            do {
                try await Self.withServer(port: port, database: path, in: directory, artifacts: "browser-widget") { environment in
                    try await Self.runBrowserScript("widget_browser_test.py", ["--page", page.root + "/", "--name", "Эво Коврики",
                                                                               "--greeting", settings.greeting ?? ""],
                                                    artifacts: "browser-widget", in: directory, environment: environment, screenshots: 4)
                }
            } catch {
                await page.stop()
                throw error
            }
            await page.stop()
        }
    }
}

/// A value shared with a server's routes.
private final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    var value: Value {
        get { mutex.withLock { $0 } }
        set { mutex.withLock { $0 = newValue } }
    }
}
