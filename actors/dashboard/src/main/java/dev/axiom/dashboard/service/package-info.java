/**
 * A training run as a service: its Prometheus metrics ({@link dev.axiom.dashboard.service.RunMetrics}),
 * its readiness ({@link dev.axiom.dashboard.service.Readiness}) and the routes that serve them
 * ({@link dev.axiom.dashboard.service.ServiceRoutes}).
 */
package dev.axiom.dashboard.service;
