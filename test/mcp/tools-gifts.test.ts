// Gift family end to end: a real MCP client → createServer → signed client → sandbox over loopback,
// with the catalogue changes visible through the family's read tools; plus the sandbox-only
// semantics (1/s limit, 102001, the 3-category cap) driven directly through sandbox.handle().
import { describe, expect, it } from 'vitest';
import type { EndpointName } from '../../src/catalog/endpoints.js';
import { RateLimiter } from '../../src/policies/rate-limit.js';
import { createPolicyRuntime } from '../../src/policies/runtime.js';
import { setGiftCapability, setRoomGiftSwitch } from '../../src/sandbox/handlers/gifts.js';
import { TOOLS } from '../../src/tools/index.js';
import { harnessPerTest, type Harness, type HarnessOptions } from '../helpers/harness.js';
import type { ElicitAnswer } from '../helpers/mcp.js';
import { sandboxSession } from '../helpers/sandbox.js';

const accept = (): ElicitAnswer => ({ action: 'accept', content: { confirm: true } });
const decline = (): ElicitAnswer => ({ action: 'decline' });

/**
 * The server paces gift configuration to Tencent's 1 call/s; most tests here are about semantics,
 * so they run with a limiter whose window is 1 ms. One test below keeps the real pacing.
 */
const startPerTest = harnessPerTest();
const start = (opts: HarnessOptions = {}) =>
  startPerTest({ runtime: createPolicyRuntime({ limiter: new RateLimiter({ windowMs: 1 }) }), ...opts });

let h: Harness | undefined;

const ROSE = 'gift_rose'; // 10 coins, zh-Hans text, on cat_popular
const ROCKET = 'gift_rocket'; // 500 coins, on cat_popular
const MUSIC = 'live_music_night';

const NEW_GIFT = {
  GiftId: 'gift_star', IconUrl: 'https://example.com/star.png', Coins: 50, Level: 1,
  ExtensionInfo: '{"sparkle":true}', DefaultName: 'Star', DefaultDesc: 'Shine on',
};

describe('gift classification', () => {
  it('reads are read, deletes and overwrites are destructive, adds and sends are non-idempotent writes', () => {
    const gifts = TOOLS.filter((t) => t.endpoint.family === 'gifts');
    expect(gifts).toHaveLength(21);
    const by = Object.fromEntries(gifts.map((t) => [t.name, `${t.effect}${t.idempotent ? '/idem' : ''}`]));
    expect(by).toEqual({
      add_gift: 'write', add_gift_category: 'write', add_gift_category_relations: 'write', send_gift: 'write',
      get_gift: 'read/idem', get_gift_category: 'read/idem', get_gift_category_language: 'read/idem',
      get_gift_count: 'read/idem', get_gift_info_list: 'read/idem', get_gift_language: 'read/idem',
      del_gift: 'destructive', del_gift_category: 'destructive', del_gift_category_language: 'destructive',
      del_gift_category_relations: 'destructive', del_gift_language: 'destructive',
      edit_gift: 'destructive/idem', edit_gift_category: 'destructive/idem',
      set_gift_language: 'destructive/idem', set_gift_category_language: 'destructive/idem',
      get_gift_category_relations: 'read/idem',
      // Tencent refuses (102010) rather than replaces existing configuration: it can only fill an empty app.
      copy_default_gift_config: 'write',
    });
  });
});

describe('gift tools over MCP (2025 era)', () => {
  it('reads the demo catalogue: list, count, one gift, one category, localized texts', async () => {
    h = await start();
    const list = await h.call('get_gift_info_list', { Language: 'en' });
    expect(list.isError).toBeFalsy();
    expect(list.structured).toMatchObject({
      TotalCount: 2,
      CategoryList: [{ CategoryId: 'cat_popular', CategoryName: 'Popular', GiftIdList: [ROSE, ROCKET] }],
      RequestId: expect.any(String),
    });
    expect((list.structured!.GiftList as unknown[]).length).toBe(2);
    expect(list.text).toMatch(/2 gift\(s\) in 1 category/);
    // get_gift_count is per-user gift statistics in a room (trtc.io/document/72557), not a catalogue count.
    expect((await h.call('get_gift_count', {})).isError).toBe(true);
    expect((await h.call('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_nobody' })).structured).toMatchObject({ TotalCount: 0, TotalCoins: 0 });
    // The console sends "zh"; it reads as Simplified Chinese.
    expect(((await h.call('get_gift_info_list', { Language: 'zh' })).structured!.GiftList as Array<{ Name?: string }>)[0]!.Name).toBe('玫瑰');
    expect((await h.call('get_gift', { GiftId: ROSE })).structured).toMatchObject({ GiftInfo: { GiftId: ROSE, Coins: 10, DefaultName: 'Rose' } });
    expect((await h.call('get_gift_category', { CategoryId: 'cat_popular' })).structured).toMatchObject({ GiftCategoryInfo: { CategoryId: 'cat_popular', DefaultName: 'Popular' } });
    expect((await h.call('get_gift_language', { GiftId: ROSE, Language: 'zh-Hans' })).structured).toMatchObject({ GiftInfo: { Name: '玫瑰' } });
    expect((await h.call('get_gift_language', { GiftId: ROCKET, Language: 'en' })).structured).toMatchObject({ GiftInfo: { Name: '', Desc: '' } });
    expect((await h.call('get_gift_category_language', { CategoryId: 'cat_popular', Language: 'en' })).structured).toMatchObject({ CategoryInfo: { CategoryName: 'Popular' } });
  });

  it('creates, overwrites (confirmed) and deletes (confirmed) a gift; reads show each step', async () => {
    h = await start({ elicit: accept });
    const added = await h.call('add_gift', NEW_GIFT);
    expect(added.isError).toBeFalsy();
    expect(added.text).toContain('"gift_star"');
    expect((await h.call('get_gift', { GiftId: 'gift_star' })).structured).toMatchObject({ GiftInfo: { ...NEW_GIFT } });

    const edited = await h.call('edit_gift', { GiftId: 'gift_star', Coins: 80, DefaultName: 'Super Star' });
    expect(edited.isError).toBeFalsy();
    const form = h.mcp.forms.at(-1)!.message;
    expect(form).toContain('"gift_star"');
    expect(form).toContain('"80"');
    expect(form).toContain('"Super Star"');
    expect(form).toMatch(/New icon URL\s*: "\(not sent\)"/);
    expect((await h.call('get_gift', { GiftId: 'gift_star' })).structured).toMatchObject({ GiftInfo: { Coins: 80, DefaultName: 'Super Star' } });

    const deleted = await h.call('del_gift', { GiftId: 'gift_star' });
    expect(deleted.isError).toBeFalsy();
    expect(h.mcp.forms.at(-1)!.message).toMatch(/app-wide/);
    const gone = await h.call('get_gift', { GiftId: 'gift_star' });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/102002/);
    expect(gone.text).toMatch(/The gift was not read\./);
    expect(h.sent('del_gift')).toHaveLength(1);
  });

  it('sets and deletes a gift\'s localized text, each confirmed', async () => {
    h = await start({ elicit: accept });
    expect((await h.call('set_gift_language', { GiftId: ROCKET, Language: 'zh-Hant', Name: '火箭', Desc: '升空' })).isError).toBeFalsy();
    expect(h.mcp.forms.at(-1)!.message).toContain('"zh-Hant"');
    expect((await h.call('get_gift_language', { GiftId: ROCKET, Language: 'zh-Hant' })).structured).toMatchObject({ GiftInfo: { Name: '火箭', Desc: '升空' } });
    expect((await h.call('del_gift_language', { GiftId: ROCKET, Language: 'zh-Hant' })).isError).toBeFalsy();
    expect((await h.call('get_gift_language', { GiftId: ROCKET, Language: 'zh-Hant' })).structured).toMatchObject({ GiftInfo: { Name: '' } });
  });

  it('runs a category through create, edit, localize, relations and delete', async () => {
    h = await start({ elicit: accept });
    const cat = 'cat_seasonal';
    expect((await h.call('add_gift_category', { CategoryId: cat, DefaultName: 'Seasonal', DefaultDesc: 'Limited time' })).isError).toBeFalsy();
    expect((await h.call('get_gift_category', { CategoryId: cat })).structured).toMatchObject({ GiftCategoryInfo: { CategoryId: cat, DefaultName: 'Seasonal', DefaultDesc: 'Limited time' } });

    expect((await h.call('edit_gift_category', { CategoryId: cat, DefaultName: 'Holiday', ExtensionInfo: '{"order":2}' })).isError).toBeFalsy();
    expect((await h.call('get_gift_category', { CategoryId: cat })).structured).toMatchObject({ GiftCategoryInfo: { DefaultName: 'Holiday', ExtensionInfo: '{"order":2}' } });

    expect((await h.call('set_gift_category_language', { CategoryId: cat, Language: 'zh-Hans', CategoryName: '节日' })).isError).toBeFalsy();
    expect((await h.call('get_gift_category_language', { CategoryId: cat, Language: 'zh-Hans' })).structured).toMatchObject({ CategoryInfo: { CategoryName: '节日', CategoryDesc: '' } });

    expect((await h.call('add_gift_category_relations', { CategoryId: cat, GiftIdList: [ROSE, ROCKET] })).isError).toBeFalsy();
    const categories = async () => (await h!.call('get_gift_info_list', { Language: 'zh-Hans' })).structured!.CategoryList as Array<Record<string, unknown>>;
    expect((await categories()).find((c) => c.CategoryId === cat)).toMatchObject({ CategoryName: '节日', GiftIdList: [ROSE, ROCKET] });

    expect((await h.call('del_gift_category_relations', { CategoryId: cat, GiftIdList: [ROSE] })).isError).toBeFalsy();
    expect(h.mcp.forms.at(-1)!.message).toMatch(/Gift\s*: "gift_rose"/);
    expect((await categories()).find((c) => c.CategoryId === cat)).toMatchObject({ GiftIdList: [ROCKET] });

    expect((await h.call('del_gift_category_language', { CategoryId: cat, Language: 'zh-Hans' })).isError).toBeFalsy();
    expect((await h.call('get_gift_category_language', { CategoryId: cat, Language: 'zh-Hans' })).structured).toMatchObject({ CategoryInfo: { CategoryName: '' } });

    expect((await h.call('del_gift_category', { CategoryId: cat })).isError).toBeFalsy();
    expect((await categories()).map((c) => c.CategoryId)).toEqual(['cat_popular']);
    const gone = await h.call('get_gift_category', { CategoryId: cat });
    expect(gone.isError).toBe(true);
    expect(gone.text).toMatch(/100002/);
    // The gifts outlive the category.
    expect((await h.call('get_gift_info_list', {})).structured).toMatchObject({ TotalCount: 2 });
  });

  it('send_gift counts in the room\'s statistics and message log; unknown gift, room, switch and package fail with their codes', async () => {
    h = await start();
    const stats = async () => (await h!.call('get_room_stats', { RoomId: MUSIC })).structured as Record<string, number>;
    const before = await stats();
    const sent = await h.call('send_gift', { RoomId: MUSIC, GiftId: ROCKET, Count: 2, From_Account: 'viewer_dee', ReceiverList_Account: ['host_lena', 'guest_omar'] });
    expect(sent.isError).toBeFalsy();
    expect(sent.text).toContain('"viewer_dee" sent 2 × "gift_rocket"');
    // send_gift's checkWith tool shows the outcome: 2 gifts to each of 2 receivers, one new sender.
    expect(await stats()).toMatchObject({
      TotalGiftsSent: before.TotalGiftsSent! + 4,
      TotalGiftCoins: before.TotalGiftCoins! + 4 * 500,
      TotalUniqueGiftSenders: before.TotalUniqueGiftSenders! + 1,
      TotalMsgCount: before.TotalMsgCount,
    });
    expect(h.sandbox.state.requireRoom(MUSIC).messages.at(-1)).toMatchObject({ kind: 'gift', Sender_Account: 'viewer_dee', payload: { GiftId: ROCKET, Count: 2 } });
    // The sender's own statistics (get_gift_count): 4 gifts worth 2000 coins; another user's are untouched.
    const mine = await h.call('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_dee' });
    expect(mine.structured).toMatchObject({ TotalCount: 4, TotalCoins: 2000 });
    expect(mine.text).toContain('"viewer_dee" in room "live_music_night": 4 gift(s) worth 2000 coin(s).');
    expect((await h.call('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_nobody' })).structured).toMatchObject({ TotalCount: 0 });

    const base = { From_Account: 'viewer_dee', ReceiverList_Account: ['host_lena'] };
    const unknownGift = await h.call('send_gift', { ...base, RoomId: MUSIC, GiftId: 'gift_nope' });
    expect(unknownGift.isError).toBe(true);
    expect(unknownGift.text).toMatch(/102002/);
    expect(unknownGift.text).toMatch(/No gift was sent\./);
    expect((await h.call('send_gift', { ...base, RoomId: 'no_such_room', GiftId: ROSE })).text).toMatch(/100004/);

    setRoomGiftSwitch(h.sandbox.state, MUSIC, false);
    expect((await h.call('send_gift', { ...base, RoomId: MUSIC, GiftId: ROSE })).text).toMatch(/102008/);
    setRoomGiftSwitch(h.sandbox.state, MUSIC, true);
    expect((await h.call('send_gift', { ...base, RoomId: MUSIC, GiftId: ROSE })).isError).toBeFalsy();

    setGiftCapability(h.sandbox.state, false);
    expect((await h.call('send_gift', { ...base, RoomId: MUSIC, GiftId: ROSE })).text).toMatch(/102001/);
    expect((await h.call('get_gift_info_list', {})).text).toMatch(/102001/);
  });

  it('a declined delete or overwrite sends nothing and leaves the catalogue as it was', async () => {
    h = await start({ elicit: decline });
    const del = await h.call('del_gift', { GiftId: ROSE });
    expect(del.isError).toBe(true);
    expect(del.text).toMatch(/Not performed: The gift was not deleted\./);
    const edit = await h.call('edit_gift', { GiftId: ROSE, Coins: 1, DefaultName: 'Cheap' });
    expect(edit.isError).toBe(true);
    const rel = await h.call('del_gift_category_relations', { CategoryId: 'cat_popular', GiftIdList: [ROSE, ROCKET] });
    expect(rel.isError).toBe(true);
    expect(h.mcp.forms.at(-1)!.message).toMatch(/Gift 2 of 2\s*: "gift_rocket"/);
    expect(h.sent('del_gift')).toHaveLength(0);
    expect(h.sent('edit_gift')).toHaveLength(0);
    expect(h.sent('del_gift_category_relations')).toHaveLength(0);
    expect((await h.call('get_gift', { GiftId: ROSE })).structured).toMatchObject({ GiftInfo: { Coins: 10, DefaultName: 'Rose' } });
  });

  it.each<[EndpointName, Record<string, unknown>]>([
    ['add_gift', { ...NEW_GIFT, GiftId: 'g'.repeat(21) }],
    ['add_gift', { ...NEW_GIFT, GiftId: 'gift_é'.padEnd(20, 'é') }],
    ['add_gift', { ...NEW_GIFT, ExtensionInfo: 'not json' }],
    ['add_gift', { ...NEW_GIFT, Coins: -1 }],
    ['add_gift', { ...NEW_GIFT, DefaultName: '   ' }],
    ['get_gift', { GiftId: ROSE, confirm: true }],
    ['get_gift_language', { GiftId: ROSE, Language: 'fr' }],
    ['add_gift_category_relations', { CategoryId: 'cat_popular', GiftIdList: [] }],
    ['send_gift', { RoomId: 'r'.repeat(49), GiftId: ROSE, From_Account: 'a', ReceiverList_Account: ['b'] }],
    ['send_gift', { RoomId: MUSIC, GiftId: ROSE, From_Account: 'a', ReceiverList_Account: [] }],
    ['send_gift', { RoomId: MUSIC, GiftId: ROSE, Count: 0, From_Account: 'a', ReceiverList_Account: ['b'] }],
  ])('%s with invalid input %j is refused before anything is sent', async (name, args) => {
    h = await start({ elicit: accept });
    const r = await h.call(name, args);
    expect(r.isError).toBe(true);
    expect(h.sent(name)).toHaveLength(0);
  });
});

describe('gift category relations and the default catalogue over MCP', () => {
  it('get_gift_category_relations lists the gifts on a category; an unknown category is refused', async () => {
    h = await start();
    const r = await h.call('get_gift_category_relations', { CategoryId: 'cat_popular' });
    expect(r.isError, r.text).toBeFalsy();
    expect(r.structured).toMatchObject({ Relation: { CategoryId: 'cat_popular', GiftIdList: [ROSE, ROCKET] }, RequestId: expect.any(String) });
    expect(r.text).toContain('holds 2 gift(s)');
    expect(h.sent('get_gift_category_relations').map((s) => s.body)).toEqual([{ CategoryId: 'cat_popular' }]);
    const unknown = await h.call('get_gift_category_relations', { CategoryId: 'no_such_cat' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/100002/);
    expect((await h.call('get_gift_category_relations', {})).isError).toBe(true);
    expect(h.sent('get_gift_category_relations')).toHaveLength(2);
  });

  it('copy_default_gift_config is refused (102010) while any configuration exists, installs 3 categories and 15 gifts into an empty app, and is sent once', async () => {
    h = await start();
    const refused = await h.call('copy_default_gift_config', {});
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(/102010/);
    expect(refused.text).toMatch(/already has gift configuration/);
    // Nothing was replaced: the demo catalogue is as it was.
    expect([...h.sandbox.state.gifts.keys()]).toEqual([ROSE, ROCKET]);
    // An extra argument is refused before anything is sent: the request is documented as {}.
    expect((await h.call('copy_default_gift_config', { Overwrite: true } as never)).isError).toBe(true);
    expect(h.sent('copy_default_gift_config')).toHaveLength(1);

    h.sandbox.state.gifts.clear();
    h.sandbox.state.giftCategories.clear();
    const installed = await h.call('copy_default_gift_config', {});
    expect(installed.isError, installed.text).toBeFalsy();
    expect(h.sent('copy_default_gift_config').at(-1)!.body).toEqual({});
    const list = await h.call('get_gift_info_list', {});
    expect(list.structured!.TotalCount).toBe(15);
    const cats = list.structured!.CategoryList as Array<{ GiftIdList: string[] }>;
    expect(cats).toHaveLength(3);
    expect(cats.flatMap((c) => c.GiftIdList)).toHaveLength(15);
    // Not repeatable: a second call meets the configuration the first installed.
    const again = await h.call('copy_default_gift_config', {});
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/102010/);
    expect(h.sent('copy_default_gift_config')).toHaveLength(3);
  });
});

describe('gift pacing', () => {
  it('the server paces gift configuration to 1 call/s, so a sandbox enforcing the limit never answers 100012', async () => {
    h = await startPerTest({ rateLimits: true });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await h.call('get_gift', { GiftId: ROSE }));
    expect(results.map((r) => r.isError ?? false)).toEqual([false, false, false]);
    const at = h.sent('get_gift').map((r) => r.at);
    expect(at).toHaveLength(3);
    // Tencent (and the sandbox) count whole seconds: no two calls may land in the same one.
    expect(new Set(at.map((t) => Math.floor(t / 1000))).size).toBe(3);
  });
});

describe('gift tools over MCP (2026 era)', () => {
  it('adds a gift, puts it on a category and deletes it after confirmation', async () => {
    h = await start({ era: 'modern', elicit: accept });
    expect((await h.call('add_gift', { GiftId: 'gift_wave', Coins: 1, DefaultName: 'Wave' })).isError).toBeFalsy();
    expect((await h.call('add_gift_category_relations', { CategoryId: 'cat_popular', GiftIdList: ['gift_wave'] })).isError).toBeFalsy();
    const del = await h.call('del_gift', { GiftId: 'gift_wave' });
    expect(del.isError).toBeFalsy();
    expect(h.sent('del_gift')).toHaveLength(1);
    const list = await h.call('get_gift_info_list', {});
    expect(list.structured).toMatchObject({ TotalCount: 2, CategoryList: [{ GiftIdList: [ROSE, ROCKET] }] });
  });

  it('a declined category delete sends nothing', async () => {
    h = await start({ era: 'modern', elicit: decline });
    const r = await h.call('del_gift_category', { CategoryId: 'cat_popular' });
    expect(r.isError).toBe(true);
    expect(h.sent('del_gift_category')).toHaveLength(0);
  });
});

describe('gift sandbox semantics', () => {
  it('gift configuration is limited to 1 call per second (100012), send_gift is not', () => {
    const { sb, clock, c } = sandboxSession(true);
    expect(c('add_gift', { ...NEW_GIFT }).ErrorCode).toBe(0);
    const second = c('add_gift', { ...NEW_GIFT, GiftId: 'gift_two' });
    expect(second).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 100012 });
    expect(second.ErrorInfo).toMatch(/1 per second/);
    expect(sb.state.gifts.has('gift_two')).toBe(false);
    expect(c('get_gift', { GiftId: ROSE }).ErrorCode).toBe(0);
    expect(c('get_gift', { GiftId: ROSE }).ErrorCode).toBe(100012);
    for (let i = 0; i < 3; i++) {
      expect(c('send_gift', { RoomId: MUSIC, GiftId: ROSE, From_Account: 'viewer_ada', ReceiverList_Account: ['host_lena'] }).ErrorCode).toBe(0);
    }
    clock.advance(1000);
    expect(c('add_gift', { ...NEW_GIFT, GiftId: 'gift_two' }).ErrorCode).toBe(0);
  });

  it('copy_default_gift_config: 1 call per 10 s (100012), 102010 when one category alone remains, 102001 without the package', () => {
    const { sb, clock, c } = sandboxSession(true);
    const empty = () => { sb.state.gifts.clear(); sb.state.giftCategories.clear(); };
    empty();
    expect(c('copy_default_gift_config', {}).ErrorCode).toBe(0);
    empty();
    clock.advance(9_000);
    const early = c('copy_default_gift_config', {});
    expect(early).toMatchObject({ ErrorCode: 100012, ErrorInfo: expect.stringMatching(/1 per 10 seconds/) });
    expect(sb.state.gifts.size).toBe(0);
    clock.advance(1_000);
    expect(c('add_gift_category', { CategoryId: 'only_shelf', DefaultName: 'Only' }).ErrorCode).toBe(0);
    expect(c('copy_default_gift_config', {}).ErrorCode).toBe(102010);
    expect([...sb.state.giftCategories.keys()]).toEqual(['only_shelf']);
    clock.advance(10_000);
    setGiftCapability(sb.state, false);
    sb.state.giftCategories.clear();
    expect(c('copy_default_gift_config', {}).ErrorCode).toBe(102001);
    expect(sb.state.gifts.size).toBe(0);
  });

  it('get-APIs answer with top-level objects, list-APIs under Response', () => {
    const { c } = sandboxSession();
    const gift = c('get_gift', { GiftId: ROCKET });
    expect(gift.Response).toBeUndefined();
    expect(gift.GiftInfo).toEqual({
      GiftId: ROCKET, IconUrl: 'https://example.com/gifts/rocket.png', ResourceUrl: 'https://example.com/gifts/rocket.svga',
      Coins: 500, Level: 3, ExtensionInfo: '{"fullscreen":true}', DefaultName: 'Rocket', DefaultDesc: 'Lift-off',
    });
    expect(c('get_gift_category', { CategoryId: 'cat_popular' }).GiftCategoryInfo).toEqual({ CategoryId: 'cat_popular', ExtensionInfo: '', DefaultName: 'Popular', DefaultDesc: 'Most sent' });
    expect(c('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_ada' }).Response).toMatchObject({ TotalCount: 0, TotalCoins: 0 });
    expect(c('get_gift_count', {}).ErrorInfo).toMatch(/RoomId is required/);
    const list = c('get_gift_info_list', { Language: 'zh-Hans' }).Response;
    expect(list.GiftList[0]).toMatchObject({ GiftId: ROSE, Name: '玫瑰', Desc: '一朵玫瑰' });
    expect(list.GiftList[1]).toMatchObject({ GiftId: ROCKET, Name: 'Rocket' });
  });

  it('validates first, naming the field (100002), and refuses duplicates', () => {
    const { c } = sandboxSession();
    const { Coins: _coins, ...noCoins } = NEW_GIFT;
    expect(c('add_gift', noCoins)).toMatchObject({ ErrorCode: 100002, ErrorInfo: expect.stringMatching(/Coins is required/) });
    expect(c('add_gift', { ...NEW_GIFT, GiftId: 'x'.repeat(21) }).ErrorInfo).toMatch(/GiftId must be at most 20 bytes/);
    expect(c('add_gift', { ...NEW_GIFT, ExtensionInfo: '{' }).ErrorInfo).toMatch(/ExtensionInfo must be a JSON string/);
    expect(c('get_gift_language', { GiftId: ROSE, Language: 'fr' }).ErrorInfo).toMatch(/Language must be one of en \| zh-Hans \| zh-Hant/);
    expect(c('add_gift', { ...NEW_GIFT, GiftId: ROSE }).ErrorInfo).toMatch(/already exists/);
    expect(c('add_gift_category', { CategoryId: 'cat_popular', DefaultName: 'x' }).ErrorInfo).toMatch(/already exists/);
    expect(c('send_gift', { RoomId: MUSIC, GiftId: ROSE, From_Account: 'a', ReceiverList_Account: [] }).ErrorInfo).toMatch(/ReceiverList_Account must hold at least 1/);
  });

  it('edit_gift replaces what is sent and keeps omitted optional fields; unknown gift 102002, unknown category 100002', () => {
    const { c } = sandboxSession();
    expect(c('edit_gift', { GiftId: ROCKET, Coins: 600, DefaultName: 'Big Rocket' }).ErrorCode).toBe(0);
    expect(c('get_gift', { GiftId: ROCKET }).GiftInfo).toMatchObject({ Coins: 600, DefaultName: 'Big Rocket', Level: 3, ResourceUrl: 'https://example.com/gifts/rocket.svga' });
    expect(c('edit_gift', { GiftId: 'nope', Coins: 1, DefaultName: 'x' }).ErrorCode).toBe(102002);
    expect(c('set_gift_language', { GiftId: 'nope', Language: 'en', Name: 'x' }).ErrorCode).toBe(102002);
    expect(c('add_gift_category_relations', { CategoryId: 'cat_popular', GiftIdList: ['nope'] }).ErrorCode).toBe(102002);
    expect(c('add_gift_category_relations', { CategoryId: 'nope', GiftIdList: [ROSE] }).ErrorCode).toBe(100002);
    expect(c('edit_gift_category', { CategoryId: 'nope', DefaultName: 'x' }).ErrorCode).toBe(100002);
  });

  it('a localized name is required on the first set of a language only; later sets change only what they carry (72854, 72857)', () => {
    const { c } = sandboxSession();
    expect(c('set_gift_category_language', { CategoryId: 'cat_popular', Language: 'zh-Hant', CategoryDesc: 'x' }).ErrorInfo).toMatch(/CategoryName is required the first time/);
    expect(c('set_gift_category_language', { CategoryId: 'cat_popular', Language: 'zh-Hant', CategoryName: '熱門', CategoryDesc: 'a' }).ErrorCode).toBe(0);
    expect(c('set_gift_category_language', { CategoryId: 'cat_popular', Language: 'zh-Hant', CategoryDesc: 'b' }).ErrorCode).toBe(0);
    expect(c('get_gift_category_language', { CategoryId: 'cat_popular', Language: 'zh-Hant' }).CategoryInfo).toEqual({ CategoryName: '熱門', CategoryDesc: 'b' });
    expect(c('set_gift_language', { GiftId: ROCKET, Language: 'zh-Hant', Desc: 'x' }).ErrorInfo).toMatch(/Name is required the first time/);
    expect(c('set_gift_language', { GiftId: ROCKET, Language: 'zh-Hant', Name: '火箭', Desc: 'a' }).ErrorCode).toBe(0);
    expect(c('set_gift_language', { GiftId: ROCKET, Language: 'zh-Hant', Desc: 'b' }).ErrorCode).toBe(0);
    expect(c('get_gift_language', { GiftId: ROCKET, Language: 'zh-Hant' }).GiftInfo).toEqual({ Name: '火箭', Desc: 'b' });
    expect(c('set_gift_language', { GiftId: ROCKET, Language: 'zh-Hant', Name: 'x'.repeat(21) }).ErrorInfo).toMatch(/Name must be at most 20 bytes/);
  });

  it('a gift is on at most 3 categories; a refused attach attaches none', () => {
    const { sb, c } = sandboxSession();
    for (const id of ['cat_b', 'cat_c', 'cat_d']) expect(c('add_gift_category', { CategoryId: id, DefaultName: id }).ErrorCode).toBe(0);
    expect(c('add_gift_category_relations', { CategoryId: 'cat_b', GiftIdList: [ROSE] }).ErrorCode).toBe(0);
    expect(c('add_gift_category_relations', { CategoryId: 'cat_c', GiftIdList: [ROSE, ROSE] }).ErrorCode).toBe(0);
    // Re-attaching where it already is does not count against the cap.
    expect(c('add_gift_category_relations', { CategoryId: 'cat_c', GiftIdList: [ROSE] }).ErrorCode).toBe(0);
    const over = c('add_gift_category_relations', { CategoryId: 'cat_d', GiftIdList: [ROCKET, ROSE] });
    expect(over).toMatchObject({ ErrorCode: 100002, ErrorInfo: expect.stringMatching(/"gift_rose" is already on 3 categories/) });
    expect([...sb.state.giftCategories.get('cat_d')!.giftIds]).toEqual([]);
  });

  it('del_gift takes the gift off every category; deleting absent texts or relations is a no-op', () => {
    const { sb, c } = sandboxSession();
    expect(c('del_gift', { GiftId: ROSE }).ErrorCode).toBe(0);
    expect([...sb.state.giftCategories.get('cat_popular')!.giftIds]).toEqual([ROCKET]);
    expect(c('del_gift', { GiftId: ROSE }).ErrorCode).toBe(102002);
    expect(c('del_gift_language', { GiftId: ROCKET, Language: 'en' }).ErrorCode).toBe(0);
    expect(c('del_gift_category_relations', { CategoryId: 'cat_popular', GiftIdList: ['never_attached'] }).ErrorCode).toBe(0);
  });

  it('102001 answers every gift API while the capability is off, after validation', () => {
    const { sb, c } = sandboxSession();
    setGiftCapability(sb.state, false);
    expect(c('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_ada' }).ErrorCode).toBe(102001);
    expect(c('add_gift', NEW_GIFT).ErrorCode).toBe(102001);
    expect(sb.state.gifts.has('gift_star')).toBe(false);
    expect(c('add_gift', { ...NEW_GIFT, Coins: 'ten' }).ErrorCode).toBe(100002);
    setGiftCapability(sb.state, true);
    expect(c('get_gift_count', { RoomId: MUSIC, From_Account: 'viewer_ada' }).ErrorCode).toBe(0);
  });
});
