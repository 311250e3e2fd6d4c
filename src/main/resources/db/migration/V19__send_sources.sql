-- Contactsend send sources (spec §1.17): their configuration lives in source.properties
-- ({userdbId, groupPk, mappedColumns, options, subscriptions, ...}). A Contactsend user DB of a
-- customer group feeds one send source (SS5 answers one configuration for it), and the lookups by
-- customer group (SS5, SS6) across workspaces read this partial index.
create unique index source_send_userdb
    on source ((properties ->> 'groupPk'), (properties ->> 'userdbId'))
 where provider = 'CONTACTSEND';
