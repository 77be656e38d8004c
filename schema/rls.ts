/** Tables of the Kamailio `rls` schema module (presence group), as Kamailio 5.6 defines them. */
import type { SchemaModule } from './types.js';

export const rls: SchemaModule = {
  name: 'rls',
  group: 'presence',
  tables: [
    {
      name: 'rls_presentity',
      version: 1,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'rlsubs_did', type: 'string', length: 255 },
        { name: 'resource_uri', type: 'string', length: 255 },
        { name: 'content_type', type: 'string', length: 255 },
        { name: 'presence_state', type: 'binary' },
        { name: 'expires', type: 'int' },
        { name: 'updated', type: 'int' },
        { name: 'auth_state', type: 'int' },
        { name: 'reason', type: 'string', length: 64 },
      ],
      unique: [
        { name: 'rls_presentity_idx', columns: ['rlsubs_did', 'resource_uri'] },
      ],
      indexes: [
        { name: 'rlsubs_idx', columns: ['rlsubs_did'] },
        { name: 'updated_idx', columns: ['updated'] },
        { name: 'expires_idx', columns: ['expires'] },
      ],
    },
    {
      name: 'rls_watchers',
      version: 3,
      primaryKey: 'id',
      columns: [
        { name: 'id', type: 'int', unsigned: true, autoincrement: true },
        { name: 'presentity_uri', type: 'string', length: 255 },
        { name: 'to_user', type: 'string', length: 64 },
        { name: 'to_domain', type: 'string', length: 64 },
        { name: 'watcher_username', type: 'string', length: 64 },
        { name: 'watcher_domain', type: 'string', length: 64 },
        { name: 'event', type: 'string', length: 64, default: 'presence' },
        { name: 'event_id', type: 'string', length: 64, nullable: true },
        { name: 'to_tag', type: 'string', length: 128 },
        { name: 'from_tag', type: 'string', length: 128 },
        { name: 'callid', type: 'string', length: 255 },
        { name: 'local_cseq', type: 'int' },
        { name: 'remote_cseq', type: 'int' },
        { name: 'contact', type: 'string', length: 255 },
        { name: 'record_route', type: 'text', nullable: true },
        { name: 'expires', type: 'int' },
        { name: 'status', type: 'int', default: '2' },
        { name: 'reason', type: 'string', length: 64 },
        { name: 'version', type: 'int', default: '0' },
        { name: 'socket_info', type: 'string', length: 64 },
        { name: 'local_contact', type: 'string', length: 255 },
        { name: 'from_user', type: 'string', length: 64 },
        { name: 'from_domain', type: 'string', length: 64 },
        { name: 'updated', type: 'int' },
      ],
      unique: [
        { name: 'rls_watcher_idx', columns: ['callid', 'to_tag', 'from_tag'] },
      ],
      indexes: [
        { name: 'rls_watchers_update', columns: ['watcher_username', 'watcher_domain', 'event'] },
        { name: 'rls_watchers_expires', columns: ['expires'] },
        { name: 'updated_idx', columns: ['updated'] },
      ],
    },
  ],
};
