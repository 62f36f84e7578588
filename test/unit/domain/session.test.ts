import { describe, expect, it } from 'vitest';
import { Session } from '../../../src/domain/session.ts';
import { adminActor } from '../../../src/domain/user-events.ts';

const lifetimes = { idleTimeoutSeconds: 600, maxLifetimeSeconds: 3600 };
const start = new Date('2026-12-01T10:00:00.000Z');
const at = (seconds: number) => new Date(start.getTime() + seconds * 1000);
const newSession = (userAgent: string | null = 'curl/8') =>
  new Session({ userId: crypto.randomUUID(), userAgent, ipAddress: null }, lifetimes, start);

describe('Session', () => {
  it('keeps a user agent without control characters, of at most 256 characters (code points), or none', () => {
    expect(newSession('Mozilla/5.0\u0000\u001b[31m (X11)\u007f\u0085').userAgent).toBe('Mozilla/5.0[31m (X11)');
    expect(newSession('😀'.repeat(300)).userAgent).toBe('😀'.repeat(256));
    expect(newSession('\u0000\t ').userAgent).toBeNull();
    expect(newSession(null).userAgent).toBeNull();
  });

  it('is live until its idle end or its absolute end, whichever comes first, or until it ends', () => {
    const session = newSession();
    expect([session.isLive(at(599)), session.isLive(at(600))]).toEqual([true, false]);
    session.rotate(lifetimes, at(3500));
    expect(session.idleExpiresAt).toEqual(at(3600));
    session.end('SIGNED_OUT', adminActor(session.userId), at(3501));
    expect(session.isLive(at(3502))).toBe(false);
  });

  it('judges a refresh counter: the current rotates, the one before answers its successor within the grace, older ones are reuse', () => {
    const session = newSession();
    expect(session.judgeRefresh(0, at(1), 10)).toBe('rotate');
    expect(session.judgeRefresh(1, at(1), 10)).toBe('invalid');
    session.rotate(lifetimes, at(5));
    expect([session.judgeRefresh(0, at(15), 10), session.judgeRefresh(0, at(15.001), 10)]).toEqual(['successor', 'reuse']);
    session.rotate(lifetimes, at(20));
    expect(session.judgeRefresh(0, at(20), 10)).toBe('reuse');
  });

  it('notes a use at most once a minute, and records no event for it or for a rotation', () => {
    const session = newSession();
    session.clearRecordedEvents();
    expect([session.touch(lifetimes, at(59)), session.touch(lifetimes, at(60))]).toEqual([false, true]);
    expect(session).toMatchObject({ lastUsedAt: at(60), idleExpiresAt: at(660) });
    session.rotate(lifetimes, at(61));
    expect(session.recordedEvents()).toEqual([]);
  });

  it('ends once: ending it again records nothing more', () => {
    const session = newSession();
    session.clearRecordedEvents();
    session.end('REVOKED', adminActor('a'), at(1));
    session.end('SIGNED_OUT', adminActor('a'), at(2));
    expect(session).toMatchObject({ endedAt: at(1), endReason: 'REVOKED' });
    expect(session.recordedEvents().map((event) => event.type)).toEqual(['SessionEnded']);
  });
});
