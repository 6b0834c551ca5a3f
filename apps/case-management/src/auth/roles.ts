// Which role each GraphQL operation needs, declared on the resolver method, checked by AuthGuard.
import { SetMetadata } from '@nestjs/common';
import type { Role } from '#domain';

export const REQUIRED_ROLE = 'case-management:required-role';

/** Supervisors may do everything analysts may; `@RequireRole('supervisor')` narrows an operation. */
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export const roleSatisfies = (held: Role, required: Role): boolean =>
  required === 'analyst' || held === 'supervisor';
