import SQLKit
import SQLiteKit
import PostgresKit
import Hummingbird
import AsyncHTTPClient
import ArgumentParser
import Prometheus
