import { accountStoreContract } from './contract';
import { openSqliteAccountStoreForTest } from './testing';

accountStoreContract('sqlite', openSqliteAccountStoreForTest);
