import { CacheLayer, DatabaseLayer, EdgeLayer, SecretsLayer, StackContext, WorkloadInfo } from "../contracts";
import { AppService } from "./app-service";

/** One AppService per configured service; returns what routes, monitoring and backups need to know about them. */
export function deployWorkloads(
    ctx: StackContext,
    deps: { secrets: SecretsLayer; database?: DatabaseLayer; cache?: CacheLayer; edge: EdgeLayer },
): WorkloadInfo[] {
    return ctx.config.services.map(
        (service) =>
            new AppService(service.name, {
                ctx,
                service,
                secrets: deps.secrets,
                database: deps.database,
                cache: deps.cache,
                edgePeer: deps.edge.controllerPeer,
                allServices: ctx.config.services,
            }).info,
    );
}
