// The demo conversations: Aino has an answer waiting, her worker has a new request, Marja has read hers.
import { expect, test } from 'vitest';
import { getDb } from '../../db/client.server';
import { conversations, messages } from '../../db/schema';
import { seedDemoMessages } from '../../db/seed/messages';
import { listConversations, unreadConversationCount } from '../../app/domain/messages.server';
import type { Role } from '../../db/schema';
import { userByEmail } from '../helpers/fixtures';

const viewer = (email: string) => {
  const user = userByEmail(email);
  return { id: user.id, role: user.role as Role };
};

test('seedDemoMessages adds three conversations with sensible unread states', () => {
  seedDemoMessages(getDb());
  expect(getDb().select().from(conversations).all()).toHaveLength(3);
  expect(getDb().select().from(messages).all()).toHaveLength(5);
  expect(listConversations(viewer('client@example.fi'))).toHaveLength(2);
  expect(unreadConversationCount(viewer('client@example.fi'))).toBe(1);
  expect(unreadConversationCount(viewer('worker@example.fi'))).toBe(1);
  expect(listConversations(viewer('worker@example.fi'))).toHaveLength(3);
  expect(listConversations(viewer('caregiver@example.fi'))).toHaveLength(1);
  expect(unreadConversationCount(viewer('caregiver@example.fi'))).toBe(0);
  expect(listConversations(viewer('worker2@example.fi'))).toHaveLength(0);
});
