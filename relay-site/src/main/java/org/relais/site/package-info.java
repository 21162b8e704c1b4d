/** The relay-site node that runs at a centre: link to the hub, kiosk, check-in and help queue. */
package org.relais.site;
