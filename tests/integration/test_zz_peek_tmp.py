from tests.integration.test_between_sessions import setup_rhythm
from tests.conftest import OUTSIDER
async def test_peek(bot, people, standin):
    await setup_rhythm(people)
    for who, t in [("ta","nudge nowhere-org"),("ta","resource add javascript:alert(1) Sneaky"),("ta","resource add ftp://x.org/f Old"),("ta","resource add <https://x.org|x.org> Old"),("ta","share 9 all"),("ta","intro mercy mercy"),("ta","digest now"),("jorge","pause until 2026-12-20"),("jorge","resume"),("jorge","resume"),("jorge","pause"),("ta","session list"),("maria","resources"),("maria","resources basics"),("maria","resources nothing"),("ta","settings"), ("pat","help"), ("maria","digest preview"), ("ta","settings quiet off"), ("ta","settings weekends on"), ("ta","settings nudge stale-days 5")]:
        print("\n>>>", who, t, "\n", await people[who].plan(t))
