// Who is using the console, as the server says (`me`): the role decides which actions are offered.
export interface Viewer {
  readonly id: string;
  readonly role: string;
}

export const isSupervisor = (viewer: Viewer): boolean => viewer.role === 'supervisor';
