#!/usr/bin/env python3
"""Drives the Sauda operator console in headless Chromium (Debian's chromium and chromium-driver, Selenium from PyPI).

Signs in with a token, opens a conversation, takes it over, sends a message as the business and hands it back,
saving a screenshot after each step into the folder given (then one of each other page).

    python3 scripts/browser_test.py --base-url http://127.0.0.1:8080 --token sda_... --session demo --out shots/
"""
import argparse
import sys
import time

from browser_session import BrowserSession

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait



def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--session", required=True, help="the web-chat session whose conversation to open")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    parser.add_argument("--message", default="Здравствуйте! Это менеджер магазина, помогу с заказом.")
    args = parser.parse_args()

    session = BrowserSession(args.out, window="1440,1000", prefix="")
    driver = session.driver
    shot = session.shot
    wait = WebDriverWait(driver, 20)

    def steps():
        base = args.base_url.rstrip("/")
        # 1. Sign in.
        driver.get(base + "/console")
        wait.until(EC.presence_of_element_located((By.ID, "token")))
        assert "/console/login" in driver.current_url, driver.current_url
        shot("login")
        driver.find_element(By.ID, "token").send_keys(args.token)
        driver.find_element(By.ID, "login").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".stats")))
        shot("today")

        # 2. The conversations, then the one of the session.
        driver.find_element(By.CSS_SELECTOR, 'a.nav-item[href="/console/conversations"]').click()
        wait.until(EC.presence_of_element_located((By.ID, "conversations")))
        wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".live-dot.is-live"))
        shot("conversations")
        link = wait.until(EC.element_to_be_clickable((By.XPATH, "//a[contains(@class,'contact-cell')][.//*[contains(text(), '%s')]]" % args.session)))
        link.click()
        wait.until(EC.presence_of_element_located((By.ID, "messages")))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg-bot"))
        shot("conversation")

        # 3. Take over: the bot pauses and the send box opens.
        driver.find_element(By.ID, "take-over").click()
        wait.until(EC.presence_of_element_located((By.ID, "composer-text")))
        assert driver.find_element(By.ID, "bot-state").get_attribute("data-paused") == "yes"
        shot("taken-over")

        # 4. Write as the business; the message appears and is delivered.
        box = driver.find_element(By.ID, "composer-text")
        box.send_keys(args.message)
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: any(args.message in e.text for e in d.find_elements(By.CSS_SELECTOR, ".msg-operator .bubble")))
        wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, '.msg-operator[data-status="delivered"]'))
        shot("message-sent")

        # 5. Hand back to the bot.
        driver.find_element(By.ID, "hand-back").click()
        wait.until(EC.presence_of_element_located((By.ID, "take-over")))
        assert driver.find_element(By.ID, "bot-state").get_attribute("data-paused") == "no"
        shot("handed-back")

        # 6. The same page in English.
        driver.get(driver.current_url.split("?")[0] + "?lang=en")
        wait.until(EC.presence_of_element_located((By.ID, "take-over")))
        assert "Hand back" not in driver.page_source and "Take over" in driver.page_source
        shot("english")

        # 7. The other pages, back in Russian.
        for path, name, marker in (("/console/leads?lang=ru", "leads", "#leads"), ("/console/follow-ups", "follow-ups", ".content"),
                                   ("/console/calls", "calls", ".week"),
                                   ("/console/whitelist", "whitelist", ".content"), ("/console/knowledge", "knowledge", ".table")):
            driver.get(base + path)
            wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, marker)))
            shot(name)

    return session.run("browser test", steps)


if __name__ == "__main__":
    sys.exit(main())
