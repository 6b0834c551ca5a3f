// Facts of an alert's life, recorded on the `alert-<alertId>` stream.
export const DISPOSITIONS = ['CONFIRMED_FRAUD', 'FALSE_POSITIVE', 'INCONCLUSIVE'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export type AlertEvent =
  | {
      readonly type: 'AlertRaised';
      readonly data: {
        readonly alertId: string;
        readonly transactionId: string;
        readonly customerId: string;
        readonly merchantId: string;
        readonly riskScore: number;
        readonly decision: 'REVIEW' | 'BLOCK';
        readonly amount: number;
        readonly currency: string;
        readonly reasons: readonly string[];
        readonly raisedAt: string;
      };
    }
  | {
      readonly type: 'AlertClaimed';
      readonly data: { readonly alertId: string; readonly assignee: string; readonly claimedAt: string };
    }
  | {
      readonly type: 'AlertUnassigned';
      readonly data: {
        readonly alertId: string;
        readonly previousAssignee: string;
        readonly by: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'AlertNoteAdded';
      readonly data: {
        readonly alertId: string;
        readonly note: string;
        readonly author: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'AlertEscalated';
      readonly data: {
        readonly alertId: string;
        readonly reason: string;
        readonly by: string;
        readonly at: string;
      };
    }
  | {
      readonly type: 'AlertResolved';
      readonly data: {
        readonly alertId: string;
        readonly disposition: Disposition;
        readonly note: string;
        readonly by: string;
        readonly resolvedAt: string;
      };
    }
  | {
      readonly type: 'AlertReopened';
      readonly data: {
        readonly alertId: string;
        readonly reason: string;
        readonly by: string;
        readonly at: string;
      };
    };

export type AlertEventType = AlertEvent['type'];
export const alertStreamId = (alertId: string): string => `alert-${alertId}`;
