import { accountStoreContract } from './contract';
import { openRedisAccountStoreForTest } from './testing';

accountStoreContract('redis', openRedisAccountStoreForTest);
