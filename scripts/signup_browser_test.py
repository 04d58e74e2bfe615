#!/usr/bin/env python3
"""Signs a new business up in the Sauda console in headless Chromium and takes it to its first answered customer.

With `SIGNUP=open` on the server: signs up (business, time zone, admin), sets the working hours on the business page,
connects a WhatsApp number on the channels page (the Wappi simulator's profile and token, polling), checks the
connection at Wappi, writes as a customer through the simulator and waits for the bot's answer, then opens the
conversation in the console. A screenshot is saved after each step into the folder given.

    python3 scripts/signup_browser_test.py --base-url http://127.0.0.1:8080 --wappi-url http://127.0.0.1:8090 --out shots/
"""
import argparse
import json
import sys
import time
import urllib.request

from browser_session import BrowserSession

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait



def simulator(url, path, body=None):
    """Calls the Wappi simulator's test endpoints (writing as a customer, reading a chat)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url.rstrip("/") + path, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--wappi-url", required=True, help="the Wappi simulator's address")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    parser.add_argument("--email", default="owner@evo-kovriki.kz")
    parser.add_argument("--phone", default="77015550101", help="the customer who writes on WhatsApp")
    args = parser.parse_args()

    session = BrowserSession(args.out, window="1440,1000", prefix="")
    driver = session.driver
    shot = session.shot
    wait = WebDriverWait(driver, 30)
    def settled(condition):
        """A wait's condition that reads a page still loading: an error of the half-loaded page counts as not yet."""
        def check(d):
            try:
                return condition(d)
            except WebDriverException:
                return False
        return check

    def fill(form, name, value):
        field = form.find_element(By.NAME, name)
        if field.tag_name == "select":
            Select(field).select_by_value(value)
        else:
            field.clear()
            field.send_keys(value)


    def steps():
        base = args.base_url.rstrip("/")
        # 1. Sign up: the business and its admin; the console opens signed in.
        driver.get(base + "/console/signup")
        form = wait.until(EC.presence_of_element_located((By.ID, "signup")))
        for name, value in (("business_name", "Эво Коврики"), ("time_zone", "Europe/Moscow"), ("name", "Айгерим"),
                            ("email", args.email), ("password", "kovriki-2026-secret")):
            fill(form, name, value)
        shot("signup")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(EC.staleness_of(form))
        wait.until(settled(lambda d: "/console" in d.current_url and "/signup" not in d.current_url))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "a.nav-item")))
        shot("signed-up")

        # 2. Working hours on the business page.
        driver.get(base + "/console/business")
        save = wait.until(EC.presence_of_element_located((By.ID, "save-business")))
        form = save.find_element(By.XPATH, "./ancestor::form")
        fill(form, "working_hours", "mon-fri 09:00-19:00, sat 10:00-16:00")
        save.click()
        wait.until(EC.staleness_of(save))
        wait.until(settled(lambda d: "09:00-19:00" in d.find_element(By.NAME, "working_hours").get_attribute("value")))
        assert "flash-error" not in driver.page_source, "the hours were refused"
        shot("working-hours")

        # 3. Connect the WhatsApp number (the simulator's profile and token), read by polling.
        driver.get(base + "/console/channels")
        form = wait.until(EC.presence_of_element_located((By.ID, "channel-form")))
        for name, value in (("name", "Основной WhatsApp"), ("profile_id", "sim-profile"), ("token", "sim-token"),
                            ("base_url", args.wappi_url), ("inbound", "polling"), ("polling_interval_seconds", "1")):
            fill(form, name, value)
        shot("channel-form")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        wait.until(EC.staleness_of(form))
        row = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#channels tr[data-connection]")))
        assert "Основной WhatsApp" in row.text, row.text
        assert "flash-error" not in driver.page_source, "the connection was refused"
        shot("channel-connected")

        # 4. Check the connection: Wappi's answer is shown.
        row.find_element(By.XPATH, ".//form[contains(@action, '/check')]//button").click()
        wait.until(EC.staleness_of(row))
        flash = wait.until(settled(lambda d: next((e for e in d.find_elements(By.CSS_SELECTOR, ".flash") if "Wappi" in e.text), None)))
        assert "flash-error" not in flash.get_attribute("class"), flash.text
        shot("channel-checked")

        # 5. A customer writes on WhatsApp; the bot answers from the business's number within a minute.
        time.sleep(4)  # the supervisor starts the number's poller within a few seconds; its first poll marks history
        simulator(args.wappi_url, "/_simulator/customers/%s/messages" % args.phone,
                  {"text": "Здравствуйте! Сколько стоит доставка коврика в Москву?", "name": "Ерлан"})
        deadline = time.time() + 60
        answered = False
        while time.time() < deadline and not answered:
            chat = simulator(args.wappi_url, "/_simulator/chats/%s" % args.phone)["messages"]
            answered = any(message.get("fromMe") for message in chat)
            time.sleep(0.5)
        assert answered, "the bot never answered the customer on WhatsApp"

        # 6. The conversation in the console.
        driver.get(base + "/console/conversations")
        link = wait.until(EC.element_to_be_clickable((By.XPATH, "//a[contains(@class,'contact-cell')][.//*[contains(text(), 'Ерлан')]]")))
        shot("conversations")
        link.click()
        wait.until(settled(lambda d: d.find_elements(By.CSS_SELECTOR, ".msg-bot")))
        shot("conversation")

    return session.run("sign-up browser test", steps)


if __name__ == "__main__":
    sys.exit(main())
