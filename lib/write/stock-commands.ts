// The Stock aggregate (Inventory) on the generic handler: its decider, its streams, how its events are read and
// written.
import type { Actor } from '../domain';
import { STOCK_EVENT_SCHEMA_VERSIONS, type StockEvent, stockStream } from '../inventory/events';
import {
  type StockCommand,
  type StockContext,
  type StockState,
  stockDecider,
  stockStreamFolder,
} from '../inventory/stock';
import { type Aggregate, type CommandMeta, type CommandResult, type HandlerDeps, handleCommand } from './handler';

export const stockAggregate: Aggregate<StockCommand, StockEvent, StockState, StockContext> = {
  decider: stockDecider,
  streamOf: (command) => stockStream(command.data.productId),
  read: stockStreamFolder.read,
  eventSchemaVersion: (event) => STOCK_EVENT_SCHEMA_VERSIONS[event.type],
  stateSchemaVersion: stockStreamFolder.stateSchemaVersion,
  context: (_command, actor: Actor) => ({ actor }),
};

/** Handles a stock command (see handleCommand): the new version, or a refusal. Throws only on store failures. */
export const handleStockCommand = (
  deps: HandlerDeps,
  command: StockCommand,
  meta: CommandMeta,
): Promise<CommandResult> => handleCommand(deps, stockAggregate, command, meta);
