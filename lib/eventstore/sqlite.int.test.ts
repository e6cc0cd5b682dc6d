import { eventStoreContract } from './contract';
import { openSqliteStoreForTest } from './testing';

eventStoreContract('sqlite', openSqliteStoreForTest);
