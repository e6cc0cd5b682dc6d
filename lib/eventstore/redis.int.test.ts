import { eventStoreContract } from './contract';
import { openRedisStoreForTest } from './testing';

eventStoreContract('redis', openRedisStoreForTest);
