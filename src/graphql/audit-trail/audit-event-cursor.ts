import { positionCursor } from '../position-cursor.ts';

export const auditCursor = positionCursor('audit', 'the audit trail');
