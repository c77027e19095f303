// Measures how much wider than the window each page is, for every role,
// width and language: `node measure.mjs BASE` against `serve --demo`.
import { chromium } from 'playwright-core';
const base = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const who = [['ops@demo.example', 'demo-operator-pass'], ['jdz@demo.example', 'demo-supplier-one']];
for (const [email, pass] of who) for (const width of [1366, 390]) for (const locale of ['en-US', 'zh-CN']) {
  const ctx = await browser.newContext({ locale, viewport: { width, height: 900 } });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(pass);
  await page.locator('form[action="/login"] button[type=submit]').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  const links = await page.locator('header nav a').evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => h.startsWith('/') && !h.startsWith('/lang') && !h.startsWith('/api')));
  for (const path of [...new Set([...links, '/account'])]) {
    await page.goto(`${base}${path}`);
    const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const board = await page.evaluate(() => { const b = document.querySelector('.board'); return b ? b.scrollWidth - b.clientWidth : 0; });
    if (over > 1 || board > 1) console.log(`${email} ${width} ${locale} ${path}: page +${over}px board +${board}px`);
  }
  await ctx.close();
}
await browser.close();
