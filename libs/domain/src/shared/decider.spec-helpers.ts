// given(events).when(command).then(events) / .thenThrows(code, message) for decider unit tests.
import { type Decider, fold } from './decider.js';
import { DomainError, type DomainErrorCode } from './domain-error.js';

export function specFor<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given: (history: readonly Event[]) => ({
      when: (command: Command) => {
        const run = () => decider.decide(command, fold(decider, history));
        return {
          then: (expected: readonly Event[]) => expect(run()).toEqual(expected),
          thenThrows: (code: DomainErrorCode, message?: RegExp) => {
            let caught: unknown;
            try {
              run();
            } catch (error) {
              caught = error;
            }
            expect(caught).toBeInstanceOf(DomainError);
            expect((caught as DomainError).code).toBe(code);
            if (message) expect((caught as DomainError).message).toMatch(message);
          },
        };
      },
    }),
  };
}
