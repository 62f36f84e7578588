import { positionCursor } from '../shared/cursors.ts';

export const auditCursor = positionCursor('audit', 'the audit trail');
