-- Contactsend send sources (spec §1.17): their configuration lives in source.properties
-- ({userdbId, groupPk, mappedColumns, options, subscriptions, ...}). The lookups by customer group
-- and user DB across workspaces (SS3, SS5, SS6) read this partial index.
create index source_send_userdb
    on source ((properties ->> 'groupPk'), (properties ->> 'userdbId'))
 where provider = 'CONTACTSEND';
