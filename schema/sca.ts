/** Tables of the Kamailio `sca` schema module (extra group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const sca: SchemaModule = {
  name: 'sca',
  group: 'extra',
  tables: [
    {
      name: 'sca_subscriptions',
      version: 2,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'subscriber', type: 'string', length: 255 },
        { name: 'aor', type: 'string', length: 255 },
        { name: 'event', type: 'int', default: '0' },
        { name: 'expires', type: 'int', default: '0' },
        { name: 'state', type: 'int', default: '0' },
        { name: 'app_idx', type: 'int', default: '0' },
        { name: 'call_id', type: 'string', length: 255 },
        { name: 'from_tag', type: 'string', length: 128 },
        { name: 'to_tag', type: 'string', length: 128 },
        { name: 'record_route', type: 'text', nullable: true },
        { name: 'notify_cseq', type: 'int' },
        { name: 'subscribe_cseq', type: 'int' },
        { name: 'server_id', type: 'int', default: '0' },
      ],
      unique: [
        { name: 'sca_subscriptions_idx', columns: ['subscriber', 'call_id', 'from_tag', 'to_tag'] },
      ],
      indexes: [
        { name: 'sca_expires_idx', columns: ['server_id', 'expires'] },
        { name: 'sca_subscribers_idx', columns: ['subscriber', 'event'] },
      ],
    },
  ],
};
