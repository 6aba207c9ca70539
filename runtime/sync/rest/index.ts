/** REST systems for the sync: `defineRestSystem` and the two shipped on it, HubSpot and Tripletex. */
export { defineRestSystem, type RestSystem, type EntitySchemas } from './define.js';
export { hubspot, HUBSPOT_LIMITS, type HubSpotOptions } from './hubspot/hubspot.js';
export { HUBSPOT_OBJECTS } from './hubspot/objects.js';
export { tripletex, type TripletexOptions } from './tripletex/tripletex.js';
export { TRIPLETEX_RESOURCES } from './tripletex/entities.js';
export { RestError, isRestError, type FailureKind } from './rest-error.js';
export { realClock, type Clock } from './clock.js';
export type { ClientStats } from './client.js';
export type * from './types.js';
