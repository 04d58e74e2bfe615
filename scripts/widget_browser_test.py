#!/usr/bin/env python3
"""Drives a business's page with the Sauda chat widget in headless Chromium (Debian's chromium and chromium-driver,
Selenium from PyPI).

Opens the host page (another origin than Sauda's), checks the widget's button and panel (name, greeting, no demo
parts), writes a message and waits for the bot's reply, saving a screenshot after each step into the folder given.

    python3 scripts/widget_browser_test.py --page http://127.0.0.1:8081/ --name "Эво Коврики" --greeting "Сәлем!" --out shots/
"""
import argparse
import sys

from browser_session import BrowserSession

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", required=True, help="the host page with the widget's snippet")
    parser.add_argument("--name", required=True, help="the name the panel must show")
    parser.add_argument("--greeting", required=True, help="the greeting the panel must show")
    parser.add_argument("--message", default="Сколько стоят EVA коврики?")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    args = parser.parse_args()

    session = BrowserSession(args.out, window="1280,900", prefix="widget-")
    driver = session.driver
    shot = session.shot
    wait = WebDriverWait(driver, 30)
    def shadow():
        host = driver.find_element(By.CSS_SELECTOR, "[data-sauda-widget]")
        return host.shadow_root


    def steps():
        driver.get(args.page)
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "[data-sauda-widget]"))
        root = shadow()
        button = root.find_element(By.CSS_SELECTOR, ".button")
        shot("page")
        button.click()
        wait.until(lambda d: shadow().find_element(By.CSS_SELECTOR, ".panel").is_displayed())
        root = shadow()
        name = root.find_element(By.CSS_SELECTOR, ".name").text
        assert name == args.name, "panel name %r" % name
        greeting = root.find_element(By.CSS_SELECTOR, ".msg.greeting").text
        assert greeting == args.greeting, "greeting %r" % greeting
        text = driver.execute_script("return document.documentElement.outerHTML + arguments[0].innerHTML",
                                     driver.find_element(By.CSS_SELECTOR, "[data-sauda-widget]").shadow_root.find_element(By.CSS_SELECTOR, ".sw"))
        assert "/health" not in text and "phone" not in text.lower(), "demo parts on the page"
        shot("open")
        box = root.find_element(By.CSS_SELECTOR, ".form input")
        wait.until(lambda d: driver.execute_script(
            "return Object.keys(localStorage).some(function (k) { return k.indexOf('sauda.widget.') === 0; })"))
        box.send_keys(args.message)
        root.find_element(By.CSS_SELECTOR, ".form button").click()
        wait.until(lambda d: shadow().find_elements(By.CSS_SELECTOR, ".msg.customer"))
        shot("sent")
        wait.until(lambda d: shadow().find_elements(By.CSS_SELECTOR, ".msg.bot"))
        reply = shadow().find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
        print("reply", reply, flush=True)
        shot("answered")
        errors = [entry for entry in driver.get_log("browser")
                  if entry.get("level") == "SEVERE" and "favicon.ico" not in entry.get("message", "")]
        assert not errors, "browser errors: %r" % errors

    return session.run("widget browser test", steps)


if __name__ == "__main__":
    sys.exit(main())
