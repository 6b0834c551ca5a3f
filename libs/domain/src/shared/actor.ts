// Who did something: an analyst or supervisor (from their token), or the system itself.
export type Role = 'analyst' | 'supervisor';

export interface Person {
  readonly id: string;
  readonly role: Role;
}

export type Actor = Person | 'system';

export const isSupervisor = (actor: Actor): boolean => actor !== 'system' && actor.role === 'supervisor';

export const actorId = (actor: Actor): string => (actor === 'system' ? 'system' : actor.id);
