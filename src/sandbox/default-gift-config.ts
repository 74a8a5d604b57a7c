// The catalogue copy_default_gift_config installs. Tencent's page (trtc.io/document/74360) says only
// "3 gift categories and 15 gifts" shown by its demo app; it does not publish their IDs, names,
// prices or assets. The sandbox installs that shape with IDs and names of its own, so a test can
// count what arrived but must not expect Tencent's actual entries.
import type { Gift, GiftCategory } from './state.js';

const CATEGORIES = ['popular', 'classic', 'luxury'] as const;
const GIFTS_PER_CATEGORY = 5;

/** Fresh objects on every call: the installed catalogue is the app's to edit afterwards. */
export function defaultGiftConfig(): { gifts: Gift[]; categories: GiftCategory[] } {
  const gifts: Gift[] = [];
  const categories: GiftCategory[] = [];
  CATEGORIES.forEach((cat, c) => {
    const giftIds = new Set<string>();
    for (let i = 1; i <= GIFTS_PER_CATEGORY; i++) {
      const id = `default_${cat}_${i}`;
      giftIds.add(id);
      gifts.push({
        GiftId: id, IconUrl: '', ResourceUrl: '', Coins: (c + 1) * 10 * i, Level: c, ExtensionInfo: '',
        DefaultName: `Default ${cat} ${i}`, DefaultDesc: '', languages: new Map(),
      });
    }
    categories.push({
      CategoryId: `default_${cat}`, DefaultName: `Default ${cat}`, DefaultDesc: '', ExtensionInfo: '', giftIds, languages: new Map(),
    });
  });
  return { gifts, categories };
}
