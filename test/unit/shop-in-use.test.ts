import { defaultShop, nameShopIn, shopForLocator, shopLabel } from '../../nodes/shared/shopInUse';

const us = { id: '7494005411511214458', name: 'Kitchen US', region: 'US', cipher: 'ROW_us' };
const uk = { id: '7494005411511214459', name: 'Kitchen UK', region: 'GB', cipher: 'ROW_uk' };

describe('shop in use', () => {
	it("an empty Shop field means the credential's Shop Cipher, else the only shop, else none", () => {
		expect(defaultShop([us, uk], 'ROW_uk')).toBe(uk);
		expect(defaultShop([us], '')).toBe(us);
		expect(defaultShop([us, uk], '  ')).toBeUndefined();
		// a cipher the credential is not authorized for names no shop rather than a wrong one
		expect(defaultShop([us, uk], 'ROW_other')).toBeUndefined();
	});

	it('finds the shop of a Shop field by cipher (list, cipher modes) or by ID', () => {
		expect(shopForLocator([us, uk], { __rl: true, mode: 'list', value: 'ROW_uk' }, '')).toEqual({
			shop: uk,
			empty: false,
		});
		expect(shopForLocator([us, uk], { __rl: true, mode: 'id', value: us.id }, 'ROW_uk')).toEqual({
			shop: us,
			empty: false,
		});
		expect(shopForLocator([us, uk], { __rl: true, mode: 'list', value: '' }, 'ROW_uk')).toEqual({
			shop: uk,
			empty: true,
		});
	});

	it('names the shop where errors said "this shop" or "the shop selected in the node"', () => {
		expect(shopLabel(us)).toBe('“Kitchen US” (US, shop ID 7494005411511214458)');
		expect(nameShopIn('Order not found: TikTok Shop has no order 1 in this shop', us, false)).toBe(
			'Order not found: TikTok Shop has no order 1 in the shop “Kitchen US” (US, shop ID 7494005411511214458)',
		);
		expect(nameShopIn("It belongs to the shop selected in the node's Shop field.", uk, true)).toBe(
			"It belongs to the shop “Kitchen UK” (GB, shop ID 7494005411511214459), the credential's shop (the node's Shop field is empty).",
		);
		expect(nameShopIn('Nothing about shops here', us, false)).toBe('Nothing about shops here');
	});
});
