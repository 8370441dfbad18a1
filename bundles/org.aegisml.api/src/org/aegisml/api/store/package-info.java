/**
 * SPI between the services and the persistence layer. Services hold the rules; the store
 * (org.aegisml.store) implements these repositories on a relational database. All values
 * cross this boundary as API records, so no service sees the ORM.
 */
package org.aegisml.api.store;
