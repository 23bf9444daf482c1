import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadStackConfig, rawConfigFromPulumi } from "./components/config";

/**
 * The program: read and validate the stack configuration, then build the layers in dependency order.
 * Exported as a function so the engine awaits it and tests can run it under mocks.
 */
export = async (): Promise<Record<string, unknown>> => {
    let config;
    try {
        config = loadStackConfig(rawConfigFromPulumi(pulumi.runtime.allConfig()));
    } catch (e) {
        // RunError prints the message without a stack trace: the message already names every key to fix.
        if (e instanceof ConfigError) throw new pulumi.RunError(e.message);
        throw e;
    }
    return { environment: config.environment, namespace: config.namespace };
};
