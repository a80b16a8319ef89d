/**
 * The first screen's requests, sent as soon as the console's code starts running: main.tsx
 * imports this module first, so these go out before React and the screens evaluate (on a
 * 500-customer database the customer list takes longer to answer than that evaluation),
 * and the stores' own calls take the answers (api.prefetch). What is asked is exactly what
 * startApp and startCustomerStores ask, so nothing is fetched twice or left unused.
 */
import { api } from '../api/client';
import { LIST_LIMIT } from '../customers/store';
import { opensOnCustomerList } from './firstScreen';

api.prefetch('app:info', {});
api.prefetch('settings:get', {});
if (opensOnCustomerList()) api.prefetch('customer:list', { limit: LIST_LIMIT });
