"""What the browser tests share: headless Chromium from Debian's chromium and chromium-driver through Selenium, and
numbered screenshots into a folder.

    from browser_session import BrowserSession
    session = BrowserSession(out="shots/", window="1440,1000")
    session.driver.get(url); session.shot("page")
"""
import os
import shutil
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


def find_binary(*names):
    """The first of the programs found on PATH, or None."""
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


class BrowserSession:
    """A headless Chromium with a Russian locale and a counter of screenshots saved as `NN-<prefix><name>.png`."""

    def __init__(self, out, window="1440,1000", prefix=""):
        os.makedirs(out, exist_ok=True)
        options = webdriver.ChromeOptions()
        chromium = find_binary("chromium", "chromium-browser")
        if chromium:
            options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=" + window,
                     "--lang=ru-RU", "--no-first-run", "--disable-extensions"):
            options.add_argument(flag)
        driver_path = find_binary("chromedriver")
        service = Service(executable_path=driver_path) if driver_path else Service()
        self.driver = webdriver.Chrome(service=service, options=options)
        self.out = out
        self.prefix = prefix
        self.step = 0

    def shot(self, name):
        """Saves the page as it is now, numbered after the last one."""
        self.step += 1
        path = os.path.join(self.out, "%02d-%s%s.png" % (self.step, self.prefix, name))
        self.driver.save_screenshot(path)
        print("screenshot", path, flush=True)

    def quit(self):
        self.driver.quit()

    def run(self, label, steps):
        """Runs `steps()` and closes the browser; the script's exit status: 0, or 1 after a `failure` screenshot and a
        line saying where it failed."""
        try:
            steps()
            print(label + " passed", flush=True)
            return 0
        except Exception as error:  # noqa: BLE001 - any failure is reported with a screenshot
            try:
                self.shot("failure")
            finally:
                print("%s failed at %s: %r" % (label, self.driver.current_url, error), file=sys.stderr, flush=True)
            return 1
        finally:
            self.quit()
