// A refused command is a typed error with a stable code; callers switch on `kind` and `code`, never the message.

export type RuleCode =
  | 'OrderAlreadyExists'
  | 'NoLines'
  | 'TooManyLines'
  | 'QuantityOutOfRange'
  | 'UnknownProduct'
  | 'InactiveProduct'
  | 'ProductNotOnOrder'
  | 'OrderNotDraft'
  | 'AlreadySubmitted'
  | 'AlreadyCancelled';

export class OrderRuleViolation extends Error {
  override name = 'OrderRuleViolation';
  readonly kind = 'rule' as const;
  constructor(
    readonly code: RuleCode,
    message: string,
  ) {
    super(message);
  }
}

export class OrderNotFound extends Error {
  override name = 'OrderNotFound';
  readonly kind = 'not_found' as const;
  constructor(readonly orderId: string) {
    super(`order ${orderId} does not exist`);
  }
}

/** The actor may not act on this order. Answered like "not found" on the web: never reveal an order exists. */
export class OrderForbidden extends Error {
  override name = 'OrderForbidden';
  readonly kind = 'forbidden' as const;
  constructor(readonly orderId: string) {
    super(`order ${orderId} does not exist`);
  }
}

export type OrderError = OrderRuleViolation | OrderNotFound | OrderForbidden;
